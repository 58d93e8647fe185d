<#
.SYNOPSIS
    Indicator sweep benchmark: Test-KnownBadFile beside Get-FileIntegrity -Algorithm SHA256, measured in the same
    run on the same warm tree.
.DESCRIPTION
    Tree: the .NET installation that `dotnet --list-sdks` points into (about 4,900 files, 640 MB).
    Indicators: 100,000 SHA-256 hashes (random, plus the hash of one file of the tree, so the sweep finds one match),
    written as a plain list, and the last 1,000 of them (a typical published list); a second run adds 100,000 MD5 and 100,000 SHA-1 hashes, so every file is hashed with
    all three algorithms from its one read.
    Target: the SHA-256 sweep within 1.2x of Get-FileIntegrity -Algorithm SHA256 on the same tree. The median of
    several runs is printed, with the ratio.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Tree,
    [int] $Runs = 5,
    [int] $IndicatorCount = 100000
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

if (-not $Tree) {
    $Tree = Split-Path -Parent ((dotnet --list-sdks | Select-Object -First 1) -replace '^.*\[(.+)\]$', '$1')
}

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

function New-RandomHex([System.Random] $Random, [int] $Bytes) {
    $buffer = [byte[]]::new($Bytes)
    $Random.NextBytes($buffer)
    return [Convert]::ToHexString($buffer)
}

$files = [System.IO.Directory]::GetFiles($Tree, '*', 'AllDirectories')
$bytes = ($files | ForEach-Object { [System.IO.FileInfo]::new($_).Length } | Measure-Object -Sum).Sum
"Tree: $Tree ({0:N0} files, {1:N0} MB), {2} cores, median of {3} runs, warm cache" -f $files.Count, ($bytes / 1MB), [Environment]::ProcessorCount, $Runs

$work = Join-Path ([IO.Path]::GetTempPath()) "sct-bench-indicators-$PID"
$null = New-Item -ItemType Directory -Path $work -Force
try {
    $random = [System.Random]::new(1195)
    $planted = (Get-FileHash -LiteralPath $files[[int]($files.Count / 2)] -Algorithm SHA256).Hash
    $sha256List = Join-Path $work 'sha256.txt'
    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($i in 1..$IndicatorCount) { $lines.Add((New-RandomHex $random 32) + " random-$i") }
    $lines.Add("$planted planted")
    [IO.File]::WriteAllLines($sha256List, $lines)
    $smallList = Join-Path $work 'sha256-small.txt'
    [IO.File]::WriteAllLines($smallList, @($lines | Select-Object -Last 1000))
    $allList = Join-Path $work 'md5-sha1.csv'
    $csv = [System.Collections.Generic.List[string]]::new()
    $csv.Add('md5_hash,sha1_hash,name')
    foreach ($i in 1..$IndicatorCount) { $csv.Add((New-RandomHex $random 16) + ',' + (New-RandomHex $random 20) + ",random-$i") }
    [IO.File]::WriteAllLines($allList, $csv)
    "Indicators: {0:N0} SHA-256 (one planted), then also {0:N0} MD5 + {0:N0} SHA-1" -f $IndicatorCount
    ''

    # Warm the page cache and JIT.
    $null = Get-FileIntegrity -LiteralPath $Tree -Recurse
    $found = @(Test-KnownBadFile -LiteralPath $Tree -Recurse -IndicatorPath $sha256List)
    if ($found.Count -lt 1) { throw 'The sweep did not find the planted file.' }

    $reading = Measure-Median { $null = Test-KnownBadFile -LiteralPath $files[0] -IndicatorPath $sha256List }
    $integrity = Measure-Median { $null = Get-FileIntegrity -LiteralPath $Tree -Recurse -Algorithm SHA256 }
    $sweep = Measure-Median { $null = Test-KnownBadFile -LiteralPath $Tree -Recurse -IndicatorPath $sha256List }
    $sweepSmall = Measure-Median { $null = Test-KnownBadFile -LiteralPath $Tree -Recurse -IndicatorPath $smallList }
    $sweepAll = Measure-Median { $null = Test-KnownBadFile -LiteralPath $Tree -Recurse -IndicatorPath $sha256List, $allList }
    $integrityAll = Measure-Median { $null = Get-FileIntegrity -LiteralPath $Tree -Recurse -Algorithm SHA256, SHA1, MD5 }

    'SHA-256 indicators, the whole tree, inside one pwsh session'
    Format-Row 'Get-FileIntegrity -Recurse -Algorithm SHA256' $integrity
    Format-Row 'Test-KnownBadFile -Recurse (100,000 SHA-256 indicators)' $sweep ('{0:N2}x Get-FileIntegrity (target: within 1.2x); found {1}' -f ($sweep / $integrity), $found.Count)
    Format-Row '  of which reading the indicator list (one-file sweep)' $reading ('the hashing alone is {0:N2}x Get-FileIntegrity' -f (($sweep - $reading) / $integrity))
    Format-Row 'Test-KnownBadFile -Recurse (1,000 SHA-256 indicators)' $sweepSmall ('{0:N2}x Get-FileIntegrity (target: within 1.2x)' -f ($sweepSmall / $integrity))
    ''
    'MD5 + SHA-1 + SHA-256 indicators: three algorithms from one read'
    Format-Row 'Get-FileIntegrity -Recurse -Algorithm SHA256, SHA1, MD5' $integrityAll
    Format-Row 'Test-KnownBadFile -Recurse (300,000 indicators)' $sweepAll ('{0:N2}x Get-FileIntegrity with the same three algorithms' -f ($sweepAll / $integrityAll))
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
