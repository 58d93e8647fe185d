<#
.SYNOPSIS
    Baseline benchmark: New-/Compare-SoftwareBaseline beside the peers (hashdeep, AIDE), measured in the same run.
.DESCRIPTION
    Tree A: the .NET installation that `dotnet --list-sdks` points into. Tree B: /usr.
    Prints each figure with the peer's beside it and the ratios the project's targets are stated in:
      - a signer-aware baseline of tree A faster than `hashdeep -c sha256 -r` of the same tree;
      - a baseline of tree B at least 2x faster than `aide --init` with 2 workers (sha256 and the
        metadata AIDE's R group records), each as a separate process, with the peak memory (VmHWM)
        of the pwsh process that built the baseline, under 300 MB;
      - Compare-SoftwareBaseline -Quick on unchanged /usr at least 3x faster than the full compare.
    Peers that are not installed are reported as "not installed". Warm cache: every tree is read once first.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $TreeA,
    [string] $TreeB = '/usr',
    [int] $Runs = 3,
    # /usr runs take tens of seconds each on two cores; one measured run after a warm-up by default.
    [int] $LargeRuns = 1,
    [int] $Workers = 2
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
Import-Module $ModulePath

if (-not $TreeA) {
    $TreeA = Split-Path -Parent ((dotnet --list-sdks | Select-Object -First 1) -replace '^.*\[(.+)\]$', '$1')
}

$work = Join-Path ([System.IO.Path]::GetTempPath()) ('sct-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null

function Measure-Median([scriptblock] $Action, [int] $Count) {
    $times = foreach ($i in 1..$Count) {
        [GC]::Collect()
        (Measure-Command $Action).TotalSeconds
    }
    $sorted = @($times | Sort-Object)
    return $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

function Format-Row([string] $What, [object] $Seconds, [string] $Note = '') {
    if ($Seconds -is [string]) { return '{0,-62} {1,10}    {2}' -f $What, $Seconds, $Note }
    '{0,-62} {1,8:N2} s  {2}' -f $What, $Seconds, $Note
}

function Get-TreeSize([string] $Tree) {
    # find(1) does not follow links (.NET's recursive enumeration descends into links to folders).
    $sizes = @(find $Tree -xdev -type f -printf '%s\n' 2>$null)
    return $sizes.Count, ($sizes | Measure-Object -Sum).Sum
}

# A child pwsh for the process-level measurements (startup included, as for the peers' processes).
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$pwshExe = Join-Path $PSHOME 'pwsh'
function Invoke-ChildPwsh([string] $Script) {
    if (Test-Path -LiteralPath $pwshExe -PathType Leaf) { & $pwshExe -NoProfile -NonInteractive -Command $Script }
    else { & ([Environment]::ProcessPath) $pwshDll -NoProfile -NonInteractive -Command $Script }
    if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed ($LASTEXITCODE)." }
}

try {
    $cores = [Environment]::ProcessorCount
    "Machine: $cores cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)"

    # ---- Tree A: the .NET install against hashdeep ----
    $countA, $bytesA = Get-TreeSize $TreeA
    ''
    "Tree A: $TreeA ({0:N0} files, {1:N0} MB), median of $Runs runs, warm cache" -f $countA, ($bytesA / 1MB)
    $outA = Join-Path $work 'dotnet.scbl'
    $summaryA = New-SoftwareBaseline -LiteralPath $TreeA -OutFile $outA -Force
    $ours = Measure-Median { $null = New-SoftwareBaseline -LiteralPath $TreeA -OutFile $outA -Force } $Runs
    Format-Row 'New-SoftwareBaseline (SHA-256 + Authenticode + version)' $ours ("{0:N0} entries, {1:N0} PE files Valid, {2:N0} other statuses" -f $summaryA.Entries, $summaryA.SignedValid, ($summaryA.Unsigned + $summaryA.SignedNotValid))
    if (Get-Command hashdeep -ErrorAction SilentlyContinue) {
        $null = hashdeep -c sha256 -r $TreeA
        $hashdeep = Measure-Median { $null = hashdeep -c sha256 -r $TreeA } $Runs
        Format-Row 'hashdeep -c sha256 -r' $hashdeep ('ours is {0:N2}x {1}' -f ([Math]::Max($hashdeep, $ours) / [Math]::Min($hashdeep, $ours)), $(if ($ours -lt $hashdeep) { 'faster' } else { 'slower' }))
    } else {
        Format-Row 'hashdeep -c sha256 -r' 'not installed'
    }

    # ---- Tree B: /usr against aide --init, and the memory of the baseline process ----
    $countB, $bytesB = Get-TreeSize $TreeB
    ''
    "Tree B: $TreeB ({0:N0} files, {1:N0} MB), $Workers workers, $LargeRuns measured run(s) after a warm-up" -f $countB, ($bytesB / 1MB)
    $outB = Join-Path $work 'usr.scbl'
    $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$s = New-SoftwareBaseline -LiteralPath '$TreeB' -OutFile '$outB' -Force -ThrottleLimit $Workers -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
`$hwm = (Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM:*' }) -replace '\D', ''
'RESULT {0} {1} {2} {3}' -f `$clock.Elapsed.TotalSeconds, ([long]`$hwm * 1KB), `$s.Entries, `$s.Errors
"@
    $aideAvailable = [bool](Get-Command aide -ErrorAction SilentlyContinue)
    $aideConf = Join-Path $work 'aide.conf'
    if ($aideAvailable) {
        @(
            "database_out=file:$(Join-Path $work 'aide.db.new')"
            'gzip_dbout=no'
            "num_workers=$Workers"
            'Baseline = p+ftype+i+l+n+u+g+s+m+c+sha256'
            "$TreeB Baseline"
        ) | Set-Content -LiteralPath $aideConf
        $null = aide --init "--config=$aideConf" 2>&1
    }
    $null = Invoke-ChildPwsh $child
    $results = foreach ($i in 1..$LargeRuns) {
        $line = $null
        $wall = (Measure-Command { $script:line = Invoke-ChildPwsh $child | Where-Object { $_ -like 'RESULT *' } }).TotalSeconds
        $parts = ($script:line -split ' ')
        [pscustomobject]@{ Wall = $wall; InProcess = [double]$parts[1]; Peak = [long]$parts[2]; Entries = [long]$parts[3]; Errors = [long]$parts[4] }
    }
    $best = @($results | Sort-Object Wall)[[int][Math]::Floor($results.Count / 2)]
    Format-Row "New-SoftwareBaseline -ThrottleLimit $Workers (child pwsh, wall)" $best.Wall ("{0:N2} s inside the cmdlet; {1:N0} entries, {2:N0} recorded with an error" -f $best.InProcess, $best.Entries, $best.Errors)
    Format-Row '  peak memory of that pwsh process (VmHWM)' (('{0:N0} MB' -f ($best.Peak / 1MB))) 'target: under 300 MB'
    if ($aideAvailable) {
        $aide = Measure-Median { $null = aide --init "--config=$aideConf" 2>&1 } $LargeRuns
        Format-Row "aide --init, num_workers=$Workers, sha256 + R metadata" $aide ('ours is {0:N2}x faster (target: 2x)' -f ($aide / $best.Wall))
    } else {
        Format-Row 'aide --init' 'not installed'
    }

    # ---- Quick against full compare on the unchanged tree ----
    ''
    "Compare-SoftwareBaseline on unchanged $TreeB (in-process, $Workers workers)"
    $full = $null; $quick = $null
    $fullTime = Measure-Median { $script:full = Compare-SoftwareBaseline -ReferenceBaseline $outB -Summary -ThrottleLimit $Workers -WarningAction SilentlyContinue } $LargeRuns
    $quickTime = Measure-Median { $script:quick = Compare-SoftwareBaseline -ReferenceBaseline $outB -Quick -Summary -ThrottleLimit $Workers -WarningAction SilentlyContinue } $Runs
    Format-Row 'full compare (re-hash and re-verify everything)' $fullTime ("ExitCode {0}, {1:N0} changes" -f $script:full.ExitCode, $script:full.TotalChanges)
    Format-Row '-Quick (reuse hashes when size, mtime, ctime, file id agree)' $quickTime ("ExitCode {0}, {1:N0} hashes reused; {2:N1}x faster (target: 3x)" -f $script:quick.ExitCode, $script:quick.HashesReused, ($fullTime / $quickTime))
    Format-Row 'baseline file size' ('{0:N1} MB' -f ((Get-Item -LiteralPath $outB).Length / 1MB))
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
