<#
.SYNOPSIS
    Script-signature benchmark: Test-AuthenticodeChain beside osslsigncode on PowerShell 7.6.9's signed module scripts.
.DESCRIPTION
    Sample: every script-type file (.ps1 .psm1 .psd1 .ps1xml .psc1 .cdxml .mof) carrying a signature block under the
    PowerShell 7.6.9 tool package's Modules folders (unix and win; 96 files), warm cache.
    In the same run:
      - Test-AuthenticodeChain -LiteralPath <all files> (one call, default trust: the roots the build copies from the SDK);
      - osslsigncode verify -CAfile codesignctl.pem -TSA-CAfile timestampctl.pem -ignore-crl -in <file>, one process per
        file (the SDK's trustedroots bundles, the same roots ours uses). -ignore-crl keeps it offline like ours: without
        it, it fetches each CRL distribution point and, with no network, fails every file.
    Prints both figures (median of -Runs), the ratio and how many files each called valid. osslsigncode reads every
    script as UTF-8, so it calls the two Windows-1252-signed Microsoft.PowerShell.Archive module scripts HashMismatch;
    Test-AuthenticodeChain reads them as Windows-1252 (the ANSI code page rule) and calls them Valid.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $PowerShellToolFolder = (Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages/powershell/7.6.9/tools/net10.0/any'),
    [string] $TrustedRootsFolder,
    [int] $Runs = 3
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

if (-not $TrustedRootsFolder) {
    $sdk = (dotnet --list-sdks | Select-Object -Last 1) -replace '^(\S+) \[(.+)\]$', '$2/$1'
    $TrustedRootsFolder = Join-Path $sdk 'trustedroots'
}
$codeSigningRoots = Join-Path $TrustedRootsFolder 'codesignctl.pem'
$timestampRoots = Join-Path $TrustedRootsFolder 'timestampctl.pem'
foreach ($bundle in $codeSigningRoots, $timestampRoots) {
    if (-not (Test-Path -LiteralPath $bundle)) { throw "Root bundle not found: $bundle (pass -TrustedRootsFolder)." }
}
if (-not (Get-Command osslsigncode -ErrorAction SilentlyContinue)) { throw 'osslsigncode is not installed (apt-get install osslsigncode).' }

$scriptExtensions = '.ps1', '.psm1', '.psd1', '.ps1xml', '.psc1', '.cdxml', '.mof'
$moduleFolders = 'unix', 'win' | ForEach-Object { Join-Path $PowerShellToolFolder "$_/Modules" } | Where-Object { Test-Path -LiteralPath $_ }
if (-not $moduleFolders) { throw "No Modules folders under $PowerShellToolFolder (run 'dotnet tool restore')." }
$files = @(
    foreach ($folder in $moduleFolders) {
        Get-ChildItem -LiteralPath $folder -Recurse -File |
            Where-Object { $scriptExtensions -contains $_.Extension.ToLowerInvariant() } |
            Where-Object { [IO.File]::ReadAllText($_.FullName) -match '(?m)SIG # Begin signature block' } |
            ForEach-Object FullName
    }
) | Sort-Object
"Sample: {0} signed module scripts under {1}; {2} cores; median of {3} runs, warm cache" -f $files.Count, ($moduleFolders -join ', '), [Environment]::ProcessorCount, $Runs
"Roots: $codeSigningRoots, $timestampRoots"
''

function Measure-Median([scriptblock] $Action) {
    $times = foreach ($i in 1..$Runs) { [GC]::Collect(); (Measure-Command $Action).TotalSeconds }
    $sorted = @($times | Sort-Object)
    return $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

function Invoke-Osslsigncode([string] $File) {
    $output = & osslsigncode verify -CAfile $codeSigningRoots -TSA-CAfile $timestampRoots -ignore-crl -in $File 2>&1
    [pscustomobject]@{
        Path    = $File
        IsValid = $LASTEXITCODE -eq 0
        Detail  = (@($output | Where-Object { "$_" -match 'Calculated message digest|Signature verification: failed|Failed' }) -join '; ')
    }
}

# Warm the page cache, the JIT and the verifier's caches.
$ours = @(Test-AuthenticodeChain -LiteralPath $files)
$peer = @(foreach ($file in $files) { Invoke-Osslsigncode $file })

$oursSeconds = Measure-Median { $script:ours = @(Test-AuthenticodeChain -LiteralPath $files) }
$peerSeconds = Measure-Median { $script:peer = @(foreach ($file in $files) { Invoke-Osslsigncode $file }) }

'{0,-62} {1,8:N3} s  {2,3} of {3} valid' -f 'Test-AuthenticodeChain -LiteralPath <files> (one call)', $oursSeconds, @($ours | Where-Object IsValid).Count, $files.Count
'{0,-62} {1,8:N3} s  {2,3} of {3} valid' -f 'osslsigncode verify, one process per file', $peerSeconds, @($peer | Where-Object IsValid).Count, $files.Count
'Ratio: Test-AuthenticodeChain is {0:N1}x faster ({1:N1} ms against {2:N1} ms per file)' -f ($peerSeconds / $oursSeconds), (1000 * $oursSeconds / $files.Count), (1000 * $peerSeconds / $files.Count)
''

$oursInvalid = @($ours | Where-Object { -not $_.IsValid })
$peerInvalid = @($peer | Where-Object { -not $_.IsValid })
'Not valid according to Test-AuthenticodeChain: {0}' -f $oursInvalid.Count
foreach ($result in $oursInvalid) { '  {0}: {1} - {2}' -f $result.Path, $result.Status, $result.StatusMessage }
'Not valid according to osslsigncode: {0}' -f $peerInvalid.Count
foreach ($result in $peerInvalid) {
    $reading = $ours | Where-Object Path -eq $result.Path | Select-Object -First 1
    '  {0}: {1}{2}' -f $result.Path, $result.Detail, $(if ($reading -and $reading.IsValid) { ' (ours: Valid)' } else { '' })
}
if ($peerInvalid | Where-Object Path -like '*Microsoft.PowerShell.Archive*') {
    'osslsigncode reads scripts as UTF-8, so it calls the Windows-1252-signed Microsoft.PowerShell.Archive scripts HashMismatch;'
    'Test-AuthenticodeChain decodes them as the signer did (no BOM, not valid UTF-8 in the first bytes -> ANSI code page, Windows-1252).'
}
