<#
.SYNOPSIS
    Fuzz campaign: every parser's fuzz target for minutes instead of the test run's seconds; reports inputs run
    and crashes found per target.
.DESCRIPTION
    Runs the xunit fuzz targets (tests/SupplyChainTools.Core.Tests/Fuzzing: PE, CMS and the signer verifier,
    script signature block, catalog, checksum manifest, baseline, certificate bundle, CRL) with a longer budget
    per target and a run seed (random unless given; printed, so a run can be repeated). Crashing inputs are
    saved under out/fuzz and named in the test output. Exits 1 when any target crashed.
#>
[CmdletBinding()]
param(
    # Passed by build.ps1 to every benchmark; the campaign tests Core directly and does not load the module.
    [string] $ModulePath,
    [int] $SecondsPerTarget = 60,
    [int] $Seed = (Get-Random -Minimum 1 -Maximum ([int]::MaxValue)),
    [int] $SecondsPerInput = 10
)

$ErrorActionPreference = 'Stop'
$repo = Split-Path -Parent $PSScriptRoot
$project = Join-Path $repo 'tests/SupplyChainTools.Core.Tests'
$report = Join-Path ([IO.Path]::GetTempPath()) ('sct-fuzz-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.tsv')

"Fuzz campaign: seed $Seed, $SecondsPerTarget s per target, at most $SecondsPerInput s per input, $([Environment]::ProcessorCount) cores"
"Repeat it with: -Seed $Seed -SecondsPerTarget $SecondsPerTarget"
''
$env:SCT_FUZZ_SEED = "$Seed"
$env:SCT_FUZZ_SECONDS = "$SecondsPerTarget"
$env:SCT_FUZZ_INPUT_SECONDS = "$SecondsPerInput"
$env:SCT_FUZZ_REPORT = $report
try {
    $log = & dotnet test $project -c Release --filter 'FullyQualifiedName~Fuzzing.FuzzCampaignTests' --logger 'console;verbosity=normal' 2>&1
    $testExit = $LASTEXITCODE
}
finally {
    Remove-Item Env:SCT_FUZZ_SEED, Env:SCT_FUZZ_SECONDS, Env:SCT_FUZZ_INPUT_SECONDS, Env:SCT_FUZZ_REPORT -ErrorAction SilentlyContinue
}

$rows = @()
if (Test-Path -LiteralPath $report) {
    $rows = Get-Content -LiteralPath $report | ForEach-Object {
        $f = $_ -split "`t"
        [pscustomobject]@{
            Target = $f[0]; Inputs = [long]$f[2]; Crashes = [int]$f[3]; DocumentedErrors = [long]$f[4]; OracleChecks = [long]$f[5]
            Seconds = [double]$f[6]; SlowestMs = [double]$f[7]; MostAllocatedKiB = [math]::Round([long]$f[8] / 1KB)
        }
    }
    Remove-Item -LiteralPath $report -Force
}

'{0,-18} {1,10} {2,8} {3,11} {4,10} {5,8} {6,11} {7,14}' -f 'target', 'inputs', 'crashes', 'documented', 'oracle', 'seconds', 'slowest ms', 'most alloc KiB'
foreach ($row in $rows) {
    '{0,-18} {1,10:N0} {2,8} {3,11:N0} {4,10:N0} {5,8:N0} {6,11:N1} {7,14:N0}' -f $row.Target, $row.Inputs, $row.Crashes, $row.DocumentedErrors, $row.OracleChecks, $row.Seconds, $row.SlowestMs, $row.MostAllocatedKiB
}
'{0,-18} {1,10:N0} {2,8}' -f 'total', ($rows | Measure-Object Inputs -Sum).Sum, ($rows | Measure-Object Crashes -Sum).Sum
''
"documented: inputs the parser refused with its documented error type; oracle: inputs that met the target's own oracle"
"(PE: section bytes changed from a seed that verifies, so the verdict must not be Valid; checksum manifest: entries checked to stay inside the folder)."

if ($rows.Count -lt 8 -or $testExit -ne 0) {
    $log | Where-Object { $_ -match 'fuzz |iteration |saved as|base64|Failed|error' } | Select-Object -First 60
    exit 1
}
