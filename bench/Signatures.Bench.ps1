<#
.SYNOPSIS
    Detached-signature benchmark: Test-DetachedSignature beside gpg --verify and minisign -V, same run, same file.
.DESCRIPTION
    A 512 MB file is signed here with a key generated in a temporary GNUPGHOME (OpenPGP Ed25519, SHA-256) and a
    minisign key (prehashed BLAKE2b-512); nothing is kept. Prints the median of runs for each verifier, ours
    first; the signature is streamed once, so both should run near the speed of the hash.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $SizeMB = 512,
    [int] $Runs = 3
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
if (-not (Get-Command gpg -CommandType Application -ErrorAction SilentlyContinue)) { 'gpg is not installed (Debian package gnupg): benchmark skipped.'; return }

function Measure-Median([scriptblock] $Action) {
    $times = foreach ($i in 1..$Runs) { [GC]::Collect(); (Measure-Command $Action).TotalSeconds }
    @($times | Sort-Object)[[int][Math]::Floor($Runs / 2)]
}
function Format-Row([string] $What, [double] $Seconds) { '{0,-52} {1,8:N3} s  {2,8:N0} MB/s' -f $What, $Seconds, ($SizeMB / $Seconds) }

$work = Join-Path ([IO.Path]::GetTempPath()) ('sct-sigbench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$home2 = Join-Path $work 'gnupg'
New-Item -ItemType Directory -Path $home2 -Force | Out-Null
if (-not $IsWindows) { chmod 700 $home2 }
try {
    $file = Join-Path $work 'payload.bin'
    $buffer = [byte[]]::new(1MB)
    [Random]::new(7).NextBytes($buffer)
    $stream = [IO.File]::Create($file)
    foreach ($i in 1..$SizeMB) { $stream.Write($buffer, 0, $buffer.Length) }
    $stream.Dispose()

    $gpg = @('--homedir', $home2, '--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', '')
    & gpg @gpg --quick-gen-key 'Bench <bench@example.org>' ed25519 sign never 2>$null
    & gpg @gpg --armor --output (Join-Path $work 'key.asc') --export bench@example.org 2>$null
    & gpg @gpg --digest-algo SHA256 --output "$file.sig" --detach-sign $file 2>$null
    "File: $SizeMB MB, $([Environment]::ProcessorCount) cores, warm cache"
    ''
    $null = Test-DetachedSignature -LiteralPath $file -TrustedKey (Join-Path $work 'key.asc')
    Format-Row 'Test-DetachedSignature (OpenPGP Ed25519, SHA-256)' (Measure-Median { $null = Test-DetachedSignature -LiteralPath $file -TrustedKey (Join-Path $work 'key.asc') })
    Format-Row 'gpg --verify (same signature)' (Measure-Median { & gpg --homedir $home2 --batch --verify "$file.sig" $file 2>$null })

    if (Get-Command minisign -CommandType Application -ErrorAction SilentlyContinue) {
        & minisign -G -W -p (Join-Path $work 'm.pub') -s (Join-Path $work 'm.key') | Out-Null
        & minisign -S -s (Join-Path $work 'm.key') -m $file | Out-Null
        Format-Row 'Test-DetachedSignature (minisign, BLAKE2b-512)' (Measure-Median { $null = Test-DetachedSignature -LiteralPath $file -SignatureFile "$file.minisig" -TrustedKey (Join-Path $work 'm.pub') })
        Format-Row 'minisign -V (same signature)' (Measure-Median { & minisign -V -q -p (Join-Path $work 'm.pub') -m $file | Out-Null })
    }
}
finally {
    & gpgconf --homedir $home2 --kill all 2>$null
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
