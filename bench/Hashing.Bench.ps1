<#
.SYNOPSIS
    Hashing benchmark: Get-FileIntegrity beside the peers, measured in the same run on the same warm tree.
.DESCRIPTION
    Tree: the .NET installation that `dotnet --list-sdks` points into (about 4,900 files, 640 MB).
    Prints each figure with the peer's beside it, as the median of several runs, and the ratios the
    project's targets are stated in:
      - SHA-256 of the tree within 1.5x of the two-core SHA-NI limit (openssl speed x cores),
        and at least 2x faster than `Get-ChildItem -Recurse -File | Get-FileHash`;
      - SHA-256 + SHA-512 in one pass cheaper than the two passes one after the other;
      - beside `sha256sum` (xargs -P cores) and `hashdeep -c sha256 -r` as processes;
      - peak memory flat as file size grows (one multi-GB file against a small one).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Tree,
    [int] $Runs = 5,
    # Size of the large file for the memory check; sparse, so it costs no disk.
    [long] $LargeFileBytes = 4GB
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

if (-not $Tree) {
    $Tree = Split-Path -Parent ((dotnet --list-sdks | Select-Object -First 1) -replace '^.*\[(.+)\]$', '$1')
}
$cores = [Environment]::ProcessorCount

function Measure-Median([scriptblock] $Action, [int] $Count = $Runs) {
    $times = foreach ($i in 1..$Count) {
        [GC]::Collect()
        (Measure-Command $Action).TotalSeconds
    }
    $sorted = @($times | Sort-Object)
    return $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

function Format-Row([string] $What, [double] $Seconds, [string] $Note = '') {
    '{0,-58} {1,8:N3} s  {2}' -f $What, $Seconds, $Note
}

$files = [System.IO.Directory]::GetFiles($Tree, '*', 'AllDirectories')
$bytes = ($files | ForEach-Object { [System.IO.FileInfo]::new($_).Length } | Measure-Object -Sum).Sum
"Tree: $Tree ({0:N0} files, {1:N0} MB), {2} cores, median of {3} runs, warm cache" -f $files.Count, ($bytes / 1MB), $cores, $Runs
''

# Warm the page cache and JIT.
$null = Get-FileIntegrity -LiteralPath $Tree -Recurse
$null = Get-ChildItem -LiteralPath $Tree -Recurse -File | Get-FileHash

# The physical limit: OpenSSL's SHA-256 (SHA-NI where the CPU has it) on 16 KiB blocks, on every core.
$limit = $null
if (Get-Command openssl -ErrorAction SilentlyContinue) {
    $speed = openssl speed -seconds 1 -evp sha256 2>$null | Select-Object -Last 1
    $kbPerSecond = [double](($speed -split '\s+')[-1] -replace 'k$', '')
    $limit = $bytes / ($kbPerSecond * 1000 * $cores)
}

$ours = Measure-Median { $null = Get-FileIntegrity -LiteralPath $Tree -Recurse }
$getFileHash = Measure-Median { $null = Get-ChildItem -LiteralPath $Tree -Recurse -File | Get-FileHash }
$both = Measure-Median { $null = Get-FileIntegrity -LiteralPath $Tree -Recurse -Algorithm SHA256, SHA512 }
$only512 = Measure-Median { $null = Get-FileIntegrity -LiteralPath $Tree -Recurse -Algorithm SHA512 }

'SHA-256 of the whole tree, inside one pwsh session'
Format-Row 'Get-FileIntegrity -Recurse' $ours
Format-Row 'Get-ChildItem -Recurse -File | Get-FileHash' $getFileHash ('ours is {0:N1}x faster (target: at least 2x)' -f ($getFileHash / $ours))
if ($limit) {
    Format-Row "SHA-NI limit (openssl speed x $cores cores)" $limit ('ours is {0:N2}x the limit (target: within 1.5x)' -f ($ours / $limit))
}
''
'SHA-256 + SHA-512 from one read'
Format-Row 'Get-FileIntegrity -Algorithm SHA256, SHA512' $both
Format-Row 'SHA256 pass, then SHA512 pass' ($ours + $only512) ('one pass costs {0:P0} of two (target: below 100%)' -f ($both / ($ours + $only512)))
''

'Beside command-line peers (process start included)'
Format-Row 'Get-FileIntegrity -Recurse' $ours
if (Get-Command sha256sum -ErrorAction SilentlyContinue) {
    $gnu = Measure-Median { $null = bash -c "find '$Tree' -type f -print0 | xargs -0 -P $cores -n 256 sha256sum > /dev/null" }
    Format-Row "find | xargs -P $cores sha256sum" $gnu ('ours is {0:N1}x faster' -f ($gnu / $ours))
}
else { 'sha256sum: not installed' }
if (Get-Command hashdeep -ErrorAction SilentlyContinue) {
    $hashdeep = Measure-Median { $null = bash -c "hashdeep -c sha256 -r '$Tree' > /dev/null" }
    Format-Row 'hashdeep -c sha256 -r' $hashdeep ('ours is {0:N1}x faster' -f ($hashdeep / $ours))
}
else { 'hashdeep: not installed (apt-get install hashdeep)' }
''

'One large file: memory stays flat, and -ThrottleLimit does not slow a single stream'
$scratch = Join-Path ([IO.Path]::GetTempPath()) ('sct-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $scratch | Out-Null
try {
    $small = Join-Path $scratch 'small.bin'
    $large = Join-Path $scratch 'large.bin'
    $stream = [IO.File]::Create($small); $stream.SetLength(64MB); $stream.Dispose()
    $stream = [IO.File]::Create($large); $stream.SetLength($LargeFileBytes); $stream.Dispose()
    $probe = {
        param($module, $file, $throttle)
        Import-Module $module
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = Get-FileIntegrity -LiteralPath $file -Algorithm SHA256 -ThrottleLimit $throttle
        $clock.Stop()
        [Diagnostics.Process]::GetCurrentProcess().Refresh()
        '{0} {1}' -f [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64, $clock.Elapsed.TotalSeconds
    }
    $pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }
    $measure = {
        param($file, $throttle)
        $line = & $pwsh @pwshArgs -NoProfile -NonInteractive -Command "& { $probe } '$ModulePath' '$file' $throttle"
        $parts = "$line".Trim() -split ' '
        [pscustomobject]@{ PeakMB = [double]$parts[0] / 1MB; Seconds = [double]$parts[1] }
    }
    # The first read of a sparse file fills the page cache with zero pages; time only warm reads.
    $null = & $measure $large 1
    $smallRun = & $measure $small 1
    $largeRun1 = & $measure $large 1
    $largeRun2 = & $measure $large $cores
    $largeRun1b = & $measure $large 1
    if ($largeRun1b.Seconds -lt $largeRun1.Seconds) { $largeRun1 = $largeRun1b }
    '{0,-58} {1,8:N0} MB peak' -f 'pwsh hashing a 64 MB file', $smallRun.PeakMB
    '{0,-58} {1,8:N0} MB peak  ({2:N1}x the small file''s peak for {3:N0}x the bytes)' -f ("pwsh hashing a {0:N0} GB file" -f ($LargeFileBytes / 1GB)), $largeRun1.PeakMB, ($largeRun1.PeakMB / $smallRun.PeakMB), ($LargeFileBytes / 64MB)
    Format-Row ("{0:N0} GB file, -ThrottleLimit 1" -f ($LargeFileBytes / 1GB)) $largeRun1.Seconds
    Format-Row ("{0:N0} GB file, -ThrottleLimit $cores" -f ($LargeFileBytes / 1GB)) $largeRun2.Seconds ('{0:N2}x the single stream''s time (target: no slower)' -f ($largeRun2.Seconds / $largeRun1.Seconds))
}
finally {
    Remove-Item -LiteralPath $scratch -Recurse -Force
}
