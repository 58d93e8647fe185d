<#
.SYNOPSIS
    MSI and CAB benchmark: Test-AuthenticodeChain over the osslsigncode corpus's installers beside `osslsigncode verify`, same run.
.DESCRIPTION
    Files: tests/fixtures/authenticode/installers (7 signed or unsigned MSI packages and 8 cabinets from the osslsigncode
    corpus), each copied -Copies times into a temporary folder so that the figures are not start-up noise. Both engines
    verify under the corpus conditions (CACert.pem and TSACA.pem as roots, both CRLs, as of 2019-09-01). Prints:
      - Test-AuthenticodeChain in a warm session, median of runs, and its verdict counts;
      - `osslsigncode verify` once per file with the same roots, CRLs and time, and its verdict counts.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Copies = 20,
    [int] $Runs = 5
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$repo = Split-Path -Parent $PSScriptRoot
$source = Join-Path $repo 'tests/fixtures/authenticode/installers'
$pki = Join-Path $repo 'tests/fixtures/authenticode/pki'
$work = Join-Path ([IO.Path]::GetTempPath()) ('sct-installers-bench-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
try {
    foreach ($i in 1..$Copies) {
        foreach ($file in Get-ChildItem -LiteralPath $source -File) {
            Copy-Item -LiteralPath $file.FullName -Destination (Join-Path $work ('{0:D3}-{1}' -f $i, $file.Name))
        }
    }

    $files = @(Get-ChildItem -LiteralPath $work -File | Sort-Object Name | ForEach-Object FullName)
    $bytes = (Get-ChildItem -LiteralPath $files | Measure-Object Length -Sum).Sum
    $corpusArgs = @{
        TrustedRootCertificate = (Join-Path $pki 'CACert.pem'), (Join-Path $pki 'TSACA.pem')
        NoDefaultTrust         = $true
        VerificationTime       = [datetime]::new(2019, 9, 1, 0, 0, 0, [DateTimeKind]::Utc)
        CrlPath                = (Join-Path $pki 'CACertCRL.pem'), (Join-Path $pki 'TSACertCRL.pem')
    }

    function Measure-Median([scriptblock] $Action, [int] $Count = $Runs) {
        $times = foreach ($i in 1..$Count) { [GC]::Collect(); (Measure-Command $Action).TotalSeconds }
        $sorted = @($times | Sort-Object)
        $sorted[[int][Math]::Floor($sorted.Count / 2)]
    }
    function Format-Row([string] $What, [double] $Seconds, [string] $Note = '') { '{0,-52} {1,8:N3} s  {2}' -f $What, $Seconds, $Note }

    "Files: {0} ({1} copies of the corpus's MSI and CAB files, {2:N1} MB), {3} cores, warm cache" -f $files.Count, $Copies, ($bytes / 1MB), [Environment]::ProcessorCount
    ''
    $results = @(Test-AuthenticodeChain -LiteralPath $files @corpusArgs)
    $ours = Measure-Median { $null = Test-AuthenticodeChain -LiteralPath $files @corpusArgs }
    $verdicts = ($results | Group-Object Status | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ', '
    Format-Row 'Test-AuthenticodeChain, warm session' $ours ('{0:N0} files/s; {1}' -f ($files.Count / $ours), $verdicts)

    if (Get-Command osslsigncode -ErrorAction SilentlyContinue) {
        $osslValid = 0
        $clock = [Diagnostics.Stopwatch]::StartNew()
        foreach ($file in $files) {
            $null = osslsigncode verify -in $file -time 1567296000 -CAfile (Join-Path $pki 'CACert.pem') -CRLfile (Join-Path $pki 'CACertCRL.pem') -TSA-CAfile (Join-Path $pki 'TSACA.pem') -TSA-CRLfile (Join-Path $pki 'TSACertCRL.pem') 2>&1
            if ($LASTEXITCODE -eq 0) { $osslValid++ }
        }
        $clock.Stop()
        $peer = $clock.Elapsed.TotalSeconds
        $ourValid = @($results | Where-Object IsValid).Count
        Format-Row 'osslsigncode verify, one process per file' $peer ('ours is {0:N0}x faster; valid: osslsigncode {1}, ours {2} of {3}' -f ($peer / $ours), $osslValid, $ourValid, $files.Count)
    }
    else {
        'osslsigncode: not installed (apt-get install osslsigncode)'
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
