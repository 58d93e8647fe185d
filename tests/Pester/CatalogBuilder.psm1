# Builds a signed catalog shaped like PowerShell's New-FileCatalog output (a CTL with SHA256 members, each with a
# CAT_NAMEVALUE "File" holding the relative path with '\' separators), signed by a fresh test code-signing
# certificate. Windows-only tools make real ones; this lets the tests make them on any OS. A member's catalog hash
# is the plain SHA-256 of its bytes; with -PeImageHash, an unsigned PE member is listed by its Authenticode image
# hash instead, computed here independently of the module.

$script:CodeSigningEku = '1.3.6.1.5.5.7.3.3'

function New-TestCodeSigningIdentity {
    param([int] $Years = 1, [string] $Publisher = 'SupplyChainTools Pester Module Publisher')
    $now = [DateTimeOffset]::UtcNow
    $rootKey = [System.Security.Cryptography.RSA]::Create(2048)
    $rootRequest = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=SupplyChainTools Pester Catalog Root', $rootKey, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $rootRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
    $rootRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new('KeyCertSign, CrlSign', $true))
    $root = $rootRequest.CreateSelfSigned($now.AddDays(-2), $now.AddYears($Years + 1))

    $signerKey = [System.Security.Cryptography.RSA]::Create(2048)
    $signerRequest = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new("CN=$Publisher", $signerKey, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $signerRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($false, $false, 0, $true))
    $signerRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new('DigitalSignature', $true))
    $ekus = [System.Security.Cryptography.OidCollection]::new()
    $null = $ekus.Add([System.Security.Cryptography.Oid]::new($script:CodeSigningEku))
    $signerRequest.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($ekus, $false))
    $serial = [byte[]](1, 2, 3, 4, 5, 6, 7, (Get-Random -Minimum 8 -Maximum 127))
    $issued = $signerRequest.Create($root, $now.AddDays(-1), $now.AddYears($Years), $serial)
    $signer = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey($issued, $signerKey)
    [pscustomobject]@{ Root = $root; Signer = $signer }
}

function Get-UnsignedPeImageHash([byte[]] $Bytes) {
    # Authenticode image hash of an unsigned PE: every byte but the CheckSum field and the certificate directory
    # entry, zero-padded to a multiple of 8.
    $optional = [BitConverter]::ToInt32($Bytes, 0x3C) + 24
    $entry = $optional + $(if ([BitConverter]::ToUInt16($Bytes, $optional) -eq 0x20B) { 144 } else { 128 })
    if ([BitConverter]::ToUInt64($Bytes, $entry) -ne 0) { throw 'Get-UnsignedPeImageHash takes unsigned PE files only.' }
    $hash = [System.Security.Cryptography.IncrementalHash]::CreateHash('SHA256')
    $hash.AppendData($Bytes, 0, $optional + 64)
    $hash.AppendData($Bytes, $optional + 68, $entry - $optional - 68)
    $hash.AppendData($Bytes, $entry + 8, $Bytes.Length - $entry - 8)
    $hash.AppendData([byte[]]::new((8 - $Bytes.Length % 8) % 8))
    $hash.GetHashAndReset()
}

function New-TestCatalog {
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [string] $CatalogPath,
        [Parameter(Mandatory)] $Identity,
        [switch] $PeImageHash
    )

    $w = [System.Formats.Asn1.AsnWriter]::new('DER')
    $ctl = $w.PushSequence()
    $usage = $w.PushSequence(); $w.WriteObjectIdentifier('1.3.6.1.4.1.311.12.1.1'); $usage.Dispose()
    $w.WriteOctetString([guid]::NewGuid().ToByteArray())
    $w.WriteUtcTime([DateTimeOffset]::UtcNow)
    $algorithm = $w.PushSequence(); $w.WriteObjectIdentifier('1.3.6.1.4.1.311.12.1.3'); $w.WriteNull(); $algorithm.Dispose()
    $members = $w.PushSequence()
    foreach ($file in Get-ChildItem -LiteralPath $Folder -Recurse -File | Sort-Object FullName) {
        if ($file.FullName -eq $CatalogPath) { continue }
        $relative = [IO.Path]::GetRelativePath($Folder, $file.FullName).Replace('/', '\')
        $bytes = [IO.File]::ReadAllBytes($file.FullName)
        [byte[]] $digest = if ($PeImageHash -and $bytes.Length -gt 64 -and $bytes[0] -eq 0x4D -and $bytes[1] -eq 0x5A) { Get-UnsignedPeImageHash $bytes } else { [System.Security.Cryptography.SHA256]::HashData($bytes) }
        $member = $w.PushSequence()
        $w.WriteOctetString($digest)
        $attributes = $w.PushSetOf()
        $nameValue = $w.PushSequence()
        $w.WriteObjectIdentifier('1.3.6.1.4.1.311.12.2.1')
        $set = $w.PushSetOf(); $seq = $w.PushSequence()
        $w.WriteCharacterString('BMPString', 'File')
        $w.WriteInteger(0x10010001)
        $w.WriteOctetString([Text.Encoding]::Unicode.GetBytes($relative + [char]0))
        $seq.Dispose(); $set.Dispose(); $nameValue.Dispose()
        $indirect = $w.PushSequence()
        $w.WriteObjectIdentifier('1.3.6.1.4.1.311.2.1.4')
        $set = $w.PushSetOf(); $seq = $w.PushSequence()
        $data = $w.PushSequence(); $w.WriteObjectIdentifier('1.3.6.1.4.1.311.2.1.25'); $w.WriteBitString([byte[]]@()); $data.Dispose()
        $digestInfo = $w.PushSequence()
        $digestAlgorithm = $w.PushSequence(); $w.WriteObjectIdentifier('2.16.840.1.101.3.4.2.1'); $w.WriteNull(); $digestAlgorithm.Dispose()
        $w.WriteOctetString($digest)
        $digestInfo.Dispose(); $seq.Dispose(); $set.Dispose(); $indirect.Dispose()
        $attributes.Dispose(); $member.Dispose()
    }
    $members.Dispose()
    $ctl.Dispose()

    $content = [System.Security.Cryptography.Pkcs.ContentInfo]::new([System.Security.Cryptography.Oid]::new('1.3.6.1.4.1.311.10.1'), $w.Encode())
    $cms = [System.Security.Cryptography.Pkcs.SignedCms]::new($content, $false)
    $cmsSigner = [System.Security.Cryptography.Pkcs.CmsSigner]::new('IssuerAndSerialNumber', $Identity.Signer)
    $cmsSigner.DigestAlgorithm = [System.Security.Cryptography.Oid]::new('2.16.840.1.101.3.4.2.1')
    $cmsSigner.IncludeOption = 'EndCertOnly'
    $cms.ComputeSignature($cmsSigner)
    [IO.File]::WriteAllBytes($CatalogPath, $cms.Encode())
}

Export-ModuleMember -Function New-TestCodeSigningIdentity, New-TestCatalog
