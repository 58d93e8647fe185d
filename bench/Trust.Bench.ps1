<#
.SYNOPSIS
    Trust benchmark: the cost of -TrustedRootCertificate with a PEM bundle, and memory over thousands of distinct signers.
.DESCRIPTION
    Each figure is measured in a fresh pwsh per module, ours beside -BaselineModulePath (another build, for example
    the commit before a change) when given:
      - one Test-AuthenticodeChain call on a runtime DLL, with and without -TrustedRootCertificate <bundle>
        (default /etc/ssl/certs/ca-certificates.crt), median of -Calls calls in a warm session (target: with the
        bundle within 1.5x of without it);
      - Test-AuthenticodeChain over a tree of -DistinctSigners files, each signed by its own certificate, at half
        and full size, and over as many copies of one signed file: wall time and peak working set (target: peak
        memory flat in the number of distinct signers).
    The distinct signers share one key and serial number and differ in subject, so one osslsigncode signature is
    reused with its certificate swapped: each file still verifies, and each carries a certificate of its own.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $BaselineModulePath,
    [string] $Bundle = '/etc/ssl/certs/ca-certificates.crt',
    [int] $Calls = 40,
    [int] $DistinctSigners = 2000
)

$ErrorActionPreference = 'Stop'
$modules = [ordered]@{ ours = (Resolve-Path -LiteralPath $ModulePath).Path }
if ($BaselineModulePath) { $modules['baseline'] = (Resolve-Path -LiteralPath $BaselineModulePath).Path }
$pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }
function Invoke-Fresh([string] $Script) {
    $output = & $pwsh @pwshArgs -NoProfile -NonInteractive -Command $Script
    if ($LASTEXITCODE -ne 0) { throw "The measuring pwsh failed: $output" }
    $output | Select-Object -Last 1 | ConvertFrom-Json
}
function Format-Row([string] $What, [string] $Figure, [string] $Note = '') { '{0,-62} {1,18}  {2}' -f $What, $Figure, $Note }

# --- 1. -TrustedRootCertificate with a PEM bundle ------------------------------------------------------------------
$dll = Join-Path (Split-Path -Parent ([object].Assembly.Location)) 'System.Runtime.dll'
if (Test-Path -LiteralPath $Bundle) {
    $count = ([regex]::Matches([IO.File]::ReadAllText($Bundle), 'BEGIN CERTIFICATE')).Count
    "Bundle: $Bundle ($count certificates); file: $dll; median of $Calls calls in a warm session"
    foreach ($name in $modules.Keys) {
        $figures = Invoke-Fresh @"
Import-Module '$($modules[$name])'
function Median([scriptblock] `$a) { `$t = foreach (`$i in 1..$Calls) { (Measure-Command `$a).TotalMilliseconds }; @(`$t | Sort-Object)[[int][Math]::Floor($Calls / 2)] }
`$null = Test-AuthenticodeChain -LiteralPath '$dll'; `$null = Test-AuthenticodeChain -LiteralPath '$dll' -TrustedRootCertificate '$Bundle'
`$without = Median { `$null = Test-AuthenticodeChain -LiteralPath '$dll' }
`$with = Median { `$null = Test-AuthenticodeChain -LiteralPath '$dll' -TrustedRootCertificate '$Bundle' }
@{ Without = `$without; With = `$with } | ConvertTo-Json -Compress
"@
        Format-Row "$name, one call without -TrustedRootCertificate" ('{0,8:N1} ms' -f $figures.Without)
        Format-Row "$name, one call with the bundle" ('{0,8:N1} ms' -f $figures.With) ('{0:N2}x the call without it (target: at most 1.5x)' -f ($figures.With / $figures.Without))
    }
}
else {
    "Bundle: $Bundle not found; -TrustedRootCertificate figures skipped"
}
''

# --- 2. thousands of distinct signers ------------------------------------------------------------------------------
if ($DistinctSigners -le 0) { 'Distinct-signer figures skipped (-DistinctSigners 0)'; return }
if (-not (Get-Command osslsigncode -ErrorAction SilentlyContinue)) { 'osslsigncode: not installed (apt-get install osslsigncode); distinct-signer figures skipped'; return }
$work = Join-Path ([IO.Path]::GetTempPath()) ('sct-trust-bench-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
try {
    $now = [DateTimeOffset]::UtcNow
    $caKey = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
    $caRequest = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=SupplyChainTools Bench CA', $caKey, 'SHA256')
    $caRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
    $ca = $caRequest.CreateSelfSigned($now.AddDays(-2), $now.AddYears(2))
    $caPem = Join-Path $work 'ca.pem'
    Set-Content -LiteralPath $caPem -Value $ca.ExportCertificatePem()
    $leafKey = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
    $serial = [byte[]](0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x08)
    function New-Leaf([string] $Subject) {
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $leafKey, 'SHA256')
        $usages = [System.Security.Cryptography.OidCollection]::new(); $null = $usages.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.3'))
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($usages, $false))
        $request.Create($ca, $now.AddDays(-1), $now.AddYears(1), $serial)
    }
    $first = New-Leaf 'CN=Bench Publisher 0'
    $pfx = Join-Path $work 'leaf.pfx'
    [IO.File]::WriteAllBytes($pfx, [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::CopyWithPrivateKey($first, $leafKey).Export('Pkcs12', 'bench'))
    $unsigned = Join-Path $PSScriptRoot '../tests/fixtures/authenticode/pe/unsigned.exe'
    $signedPath = Join-Path $work 'signed.exe'
    $null = osslsigncode sign -pkcs12 $pfx -pass bench -h sha256 -in $unsigned -out $signedPath 2>&1
    if ($LASTEXITCODE -ne 0) { throw 'osslsigncode could not sign the bench file.' }

    $signed = [IO.File]::ReadAllBytes($signedPath)
    $entry = [BitConverter]::ToInt32($signed, 0x3C) + 24 + $(if ([BitConverter]::ToUInt16($signed, [BitConverter]::ToInt32($signed, 0x3C) + 24) -eq 0x20B) { 144 } else { 128 })
    $tableOffset = [BitConverter]::ToInt32($signed, $entry)
    $image = [byte[]]::new($tableOffset); [Array]::Copy($signed, $image, $tableOffset)
    $pkcs7Length = [BitConverter]::ToInt32($signed, $tableOffset) - 8
    $pkcs7 = [byte[]]::new($pkcs7Length); [Array]::Copy($signed, $tableOffset + 8, $pkcs7, 0, $pkcs7Length)
    $pkcs7 = [System.Formats.Asn1.AsnReader]::new($pkcs7, 'BER').ReadEncodedValue().ToArray()

    function Get-SignedWith([byte[]] $LeafDer) {
        # The signature's certificate set with the leaf swapped, in a WIN_CERTIFICATE after the unsigned image.
        $context0 = [System.Formats.Asn1.Asn1Tag]::new('ContextSpecific', 0, $true)
        $contentInfo = [System.Formats.Asn1.AsnReader]::new($pkcs7, 'BER').ReadSequence()
        $type = $contentInfo.ReadObjectIdentifier()
        $signedData = $contentInfo.ReadSequence($context0).ReadSequence()
        $w = [System.Formats.Asn1.AsnWriter]::new('DER')
        $s1 = $w.PushSequence(); $w.WriteObjectIdentifier($type); $s2 = $w.PushSequence($context0); $s3 = $w.PushSequence()
        while ($signedData.HasData) {
            if ($signedData.PeekTag().HasSameClassAndValue($context0)) {
                $null = $signedData.ReadEncodedValue()
                $set = $w.PushSetOf($context0); $w.WriteEncodedValue($LeafDer); $set.Dispose()
            }
            else { $w.WriteEncodedValue($signedData.ReadEncodedValue().ToArray()) }
        }
        $s3.Dispose(); $s2.Dispose(); $s1.Dispose()
        $blob = $w.Encode()
        $length = 8 + $blob.Length
        $table = [byte[]]::new(($length + 7) -band -bnot 7)
        [BitConverter]::GetBytes([int] $length).CopyTo($table, 0); $table[5] = 2; $table[6] = 2
        [Array]::Copy($blob, 0, $table, 8, $blob.Length)
        $file = [byte[]]::new($image.Length + $table.Length)
        [Array]::Copy($image, $file, $image.Length); [Array]::Copy($table, 0, $file, $image.Length, $table.Length)
        [BitConverter]::GetBytes([int] $image.Length).CopyTo($file, $entry); [BitConverter]::GetBytes([int] $table.Length).CopyTo($file, $entry + 4)
        , $file
    }

    $clock = [Diagnostics.Stopwatch]::StartNew()
    $trees = [ordered]@{}
    foreach ($size in @([int]($DistinctSigners / 2), $DistinctSigners)) {
        $folder = Join-Path $work "distinct-$size"
        New-Item -ItemType Directory -Path $folder | Out-Null
        foreach ($i in 1..$size) { [IO.File]::WriteAllBytes((Join-Path $folder "f$i.exe"), (Get-SignedWith (New-Leaf "CN=Bench Publisher $i").RawData)) }
        $trees["$size files, each its own signer"] = $folder
    }
    $identical = Join-Path $work 'identical'
    New-Item -ItemType Directory -Path $identical | Out-Null
    $one = Get-SignedWith $first.RawData
    foreach ($i in 1..$DistinctSigners) { [IO.File]::WriteAllBytes((Join-Path $identical "f$i.exe"), $one) }
    $trees["$DistinctSigners files, one signer"] = $identical
    "Trees: {0} distinct-signer files and {1} copies of one signed file (unsigned.exe, 96 KB), made in {2:N1} s" -f ([int]($DistinctSigners / 2) + $DistinctSigners), $DistinctSigners, $clock.Elapsed.TotalSeconds

    foreach ($name in $modules.Keys) {
        foreach ($tree in $trees.Keys) {
            $figures = Invoke-Fresh @"
Import-Module '$($modules[$name])'
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$valid = 0; Test-AuthenticodeChain -LiteralPath '$($trees[$tree])' -Recurse -TrustedRootCertificate '$caPem' -NoDefaultTrust | ForEach-Object { if (`$_.IsValid) { `$valid++ } }
`$clock.Stop()
@{ Seconds = `$clock.Elapsed.TotalSeconds; PeakMB = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB; Valid = `$valid } | ConvertTo-Json -Compress
"@
            Format-Row "$name, $tree" ('{0,6:N2} s {1,6:N0} MB' -f $figures.Seconds, $figures.PeakMB) ("peak working set; $($figures.Valid) valid")
        }
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
