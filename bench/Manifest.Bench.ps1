<#
.SYNOPSIS
    Checksum-manifest benchmark: Test-FileIntegrity -ChecksumFile on a million-line manifest beside `sha256sum -c`,
    measured in the same run on the same manifest.
.DESCRIPTION
    A distribution's whole tree makes a manifest of a million lines and more. The manifest here has -Lines
    lines (default 1,000,000); one line in -RealFileEvery names a real empty file in a generated tree (100,000 files
    by default, a few minutes to create on this kind of machine), the others name files that do not exist, so each
    line costs a parse, a path check, a stat and a status, as for `sha256sum -c`. With SHA-256 the manifest is
    over 64 MiB, the size the module once refused.
    Prints, each as a separate process (startup included):
      - wall time and peak memory (VmHWM) of the pwsh that ran Test-FileIntegrity and counted the statuses,
        for the manifest and for its first tenth, so flat memory shows as the same peak for 10x the lines
        (target: under 200 MB for 1M lines);
      - the same for `sha256sum -c` (`md5sum -c` for -Algorithm MD5), from /usr/bin/time;
      - with -CompareModulePath, the same figures for another build of the module (e.g. the one before a change).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Lines = 1000000,
    [int] $RealFileEvery = 10,
    [ValidateSet('SHA256', 'MD5')] [string] $Algorithm = 'SHA256',
    [string] $CompareModulePath
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('sct-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null

function Format-Row([string] $What, [object] $Seconds, [string] $Note = '') {
    if ($Seconds -is [string]) { return '{0,-58} {1,10}    {2}' -f $What, $Seconds, $Note }
    '{0,-58} {1,8:N2} s  {2}' -f $What, $Seconds, $Note
}

$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$pwshExe = Join-Path $PSHOME 'pwsh'
function Invoke-ChildPwsh([string] $Script) {
    if (Test-Path -LiteralPath $pwshExe -PathType Leaf) { & $pwshExe -NoProfile -NonInteractive -Command $Script }
    else { & ([Environment]::ProcessPath) $pwshDll -NoProfile -NonInteractive -Command $Script }
    if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed ($LASTEXITCODE)." }
}

function Measure-Module([string] $Module, [string] $Manifest) {
    $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$Module'
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$errors = `$null
`$counts = @{}
Test-FileIntegrity -ChecksumFile '$Manifest' -ErrorVariable errors -ErrorAction SilentlyContinue | ForEach-Object { `$counts[`$_.Status]++ }
`$statuses = `$counts.Keys | Sort-Object | ForEach-Object { '{0}={1}' -f `$_, `$counts[`$_] }
`$hwm = (Get-Content /proc/self/status | Where-Object { `$_ -like 'VmHWM:*' }) -replace '\D', ''
'RESULT {0} {1} {2} {3}' -f `$clock.Elapsed.TotalSeconds, ([long]`$hwm * 1KB), (@(`$errors).Count), (`$statuses -join ',')
"@
    $line = $null
    $wall = (Measure-Command { $script:line = Invoke-ChildPwsh $child | Where-Object { $_ -like 'RESULT *' } }).TotalSeconds
    $parts = "$script:line" -split ' '
    [pscustomobject]@{ Wall = $wall; InProcess = [double]$parts[1]; Peak = [long]$parts[2]; Errors = [long]$parts[3]; Statuses = $parts[4] }
}

function Measure-Peer([string] $Tool, [string] $Manifest) {
    # /usr/bin/time -f: maximum resident set in KiB, then elapsed seconds; the peer's own output is discarded.
    $folder = Split-Path -Parent $Manifest
    $report = bash -c "cd '$folder' && /usr/bin/time -f 'RESULT %M %e' $Tool -c --quiet '$Manifest' >/dev/null 2>/tmp/sct-peer-\$\$.err; tail -n 1 /tmp/sct-peer-\$\$.err; rm -f /tmp/sct-peer-\$\$.err"
    $parts = "$report" -split ' '
    [pscustomobject]@{ Peak = [long]$parts[1] * 1KB; Wall = [double]$parts[2] }
}

function Write-Figures([string] $Label, [object] $Full, [object] $Tenth, [object] $Peer) {
    Format-Row "$Label, $($Lines.ToString('N0')) lines" $Full.Wall ('{0:N0} MB peak; {1:N2} s inside the cmdlet; {2}; {3:N0} errors' -f ($Full.Peak / 1MB), $Full.InProcess, $Full.Statuses, $Full.Errors)
    Format-Row "$Label, first $($tenthLines.ToString('N0')) lines" $Tenth.Wall ('{0:N0} MB peak ({1:N2}x the peak for 10x the lines)' -f ($Tenth.Peak / 1MB), ($Full.Peak / [Math]::Max(1, $Tenth.Peak)))
    if ($Peer) {
        Format-Row "  beside it: $peerTool -c" $Peer.Wall ('{0:N0} MB peak; ours takes {1:N1}x its time, {2:N1}x its memory' -f ($Peer.Peak / 1MB), ($Full.Wall / $Peer.Wall), ($Full.Peak / [Math]::Max(1, $Peer.Peak)))
    }
}

try {
    $cores = [Environment]::ProcessorCount
    "Machine: $cores cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)"

    # ---- The tree and the manifest ----
    $tree = Join-Path $work 'tree'
    $realFiles = [int][Math]::Ceiling($Lines / $RealFileEvery)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $emptyHash = if ($Algorithm -eq 'SHA256') { 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } else { 'd41d8cd98f00b204e9800998ecf8427e' }
    $manifestName = if ($Algorithm -eq 'SHA256') { 'SHA256SUMS' } else { 'MD5SUMS' }
    $manifest = Join-Path $tree $manifestName
    $tenthLines = [int]($Lines / 10)
    $tenth = Join-Path $tree "$manifestName.tenth"
    $null = [IO.Directory]::CreateDirectory($tree)
    $writer = [IO.StreamWriter]::new($manifest, $false, [Text.UTF8Encoding]::new($false), 1MB)
    $tenthWriter = [IO.StreamWriter]::new($tenth, $false, [Text.UTF8Encoding]::new($false), 1MB)
    try {
        for ($i = 0; $i -lt $Lines; $i++) {
            $file = [long][Math]::Floor($i / $RealFileEvery)
            if ($i % $RealFileEvery -eq 0) {
                $folder = 'd{0:D4}' -f [long][Math]::Floor($file / 1000)
                if ($file % 1000 -eq 0) { $null = [IO.Directory]::CreateDirectory((Join-Path $tree $folder)) }
                $name = '{0}/f{1:D7}' -f $folder, $file
                [IO.File]::Create((Join-Path $tree $name)).Dispose()
            }
            else {
                $name = 'missing/m{0:D7}' -f $i
            }
            $line = "$emptyHash  $name`n"
            $writer.Write($line)
            if ($i -lt $tenthLines) { $tenthWriter.Write($line) }
        }
    }
    finally {
        $writer.Dispose()
        $tenthWriter.Dispose()
    }
    $clock.Stop()
    ''
    "Manifest: {0:N0} lines ({1:N0} MB, {2}), {3:N0} real empty files (one line in {4}), the rest missing; made in {5:N0} s" -f $Lines, ((Get-Item -LiteralPath $manifest).Length / 1MB), $Algorithm, $realFiles, $RealFileEvery, $clock.Elapsed.TotalSeconds
    "Each figure: one separate process, startup included, one run after a warm-up of the file cache"
    ''

    $peerTool = if ($Algorithm -eq 'SHA256') { 'sha256sum' } else { 'md5sum' }
    $peer = $null
    if (Get-Command $peerTool -ErrorAction SilentlyContinue) {
        $null = Measure-Peer $peerTool $manifest
        $peer = Measure-Peer $peerTool $manifest
    }

    $null = Measure-Module $ModulePath $tenth
    Write-Figures 'Test-FileIntegrity -ChecksumFile' (Measure-Module $ModulePath $manifest) (Measure-Module $ModulePath $tenth) $peer
    Format-Row '  target' '' 'peak under 200 MB for 1M lines, flat in the number of lines'
    if (-not $peer) { Format-Row "  $peerTool" 'not installed' }

    if ($CompareModulePath) {
        $other = (Resolve-Path -LiteralPath $CompareModulePath).Path
        ''
        "Compared build: $other"
        Write-Figures 'Test-FileIntegrity (compared build)' (Measure-Module $other $manifest) (Measure-Module $other $tenth) $peer
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
