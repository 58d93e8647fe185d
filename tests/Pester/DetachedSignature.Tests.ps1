# Test-DetachedSignature and Test-FileIntegrity -TrustedKey as users run them, on signatures made here by gpg and
# minisign (keys generated in a temporary GNUPGHOME, never committed) and on the CMS fixtures.
BeforeDiscovery {
    $script:noGpg = -not (Get-Command gpg -CommandType Application -ErrorAction SilentlyContinue)
    $script:noMinisign = -not (Get-Command minisign -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:work = New-TestFolder
    $script:cms = Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES 'signatures'
    $script:gnupgHome = Join-Path $work 'gnupg'
    New-Item -ItemType Directory -Path $gnupgHome | Out-Null
    if (-not $IsWindows) { chmod 700 $gnupgHome }

    function Invoke-Gpg { & gpg --homedir $gnupgHome --batch --yes --pinentry-mode loopback --passphrase '' @args 2>$null; if ($LASTEXITCODE) { throw "gpg $args failed" } }

    function New-GpgKey([string] $UserId) {
        Invoke-Gpg --quick-gen-key $UserId ed25519 sign never
        $listing = Invoke-Gpg --with-colons --fingerprint --list-keys $UserId
        return ($listing | Where-Object { $_ -like 'fpr:*' } | Select-Object -First 1).Split(':')[9]
    }

    if (Get-Command gpg -CommandType Application -ErrorAction SilentlyContinue) {
        $script:vendor = New-GpgKey 'Vendor Release <release@example.org>'
        $script:mallory = New-GpgKey 'Mallory <mallory@example.org>'
        $script:vendorKey = Join-Path $work 'vendor.asc'
        Invoke-Gpg --armor --output $vendorKey --export $vendor
        $script:malloryKey = Join-Path $work 'mallory.asc'
        Invoke-Gpg --armor --output $malloryKey --export $mallory

        # A download: two files, SHA256SUMS, its detached signature and a clear-signed copy.
        $script:download = Join-Path $work 'download'
        New-Item -ItemType Directory -Path $download | Out-Null
        Set-Content -LiteralPath (Join-Path $download 'tool-2.0.tar.gz') -Value 'tool 2.0' -NoNewline
        Set-Content -LiteralPath (Join-Path $download 'tool-2.0.zip') -Value 'tool 2.0 zip' -NoNewline
        $sums = Join-Path $download 'SHA256SUMS'
        Get-ChildItem -LiteralPath $download -File | ForEach-Object { '{0}  {1}' -f (Get-FileHash -LiteralPath $_.FullName).Hash.ToLowerInvariant(), $_.Name } | Set-Content -LiteralPath $sums
        Invoke-Gpg --local-user "$vendor!" --armor --output "$sums.asc" --detach-sign $sums
        $script:clearSigned = Join-Path $download 'SHA256SUMS.txt'
        Invoke-Gpg --local-user "$vendor!" --output $clearSigned --clearsign $sums
        Invoke-Gpg --local-user "$vendor!" --output (Join-Path $download 'tool-2.0.tar.gz.sig') --detach-sign (Join-Path $download 'tool-2.0.tar.gz')
    }
}

AfterAll {
    & gpgconf --homedir $script:gnupgHome --kill all 2>$null
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-DetachedSignature' {
    It 'finds the signature beside the file and reports the signer (gpg agrees)' -Skip:$noGpg {
        $result = Test-DetachedSignature -Path (Join-Path $download 'tool-2.0.tar.gz') -TrustedKey $vendorKey
        $result.Status | Should -Be 'Valid'
        $result.Format | Should -Be 'OpenPGP'
        $result.SignerFingerprint | Should -Be $vendor
        $result.SignerUserId | Should -Be 'Vendor Release <release@example.org>'
        $result.SignatureFile | Should -Be (Join-Path $download 'tool-2.0.tar.gz.sig')
        & gpg --homedir $gnupgHome --batch --verify (Join-Path $download 'tool-2.0.tar.gz.sig') (Join-Path $download 'tool-2.0.tar.gz') 2>$null
        $LASTEXITCODE | Should -Be 0
    }

    It 'refuses a key that is not pinned, even when its key file is given with a fingerprint pin' -Skip:$noGpg {
        $result = Test-DetachedSignature -Path (Join-Path $download 'tool-2.0.tar.gz') -TrustedKey $malloryKey
        $result.Status | Should -Be 'NotTrusted'
        $pinned = Test-DetachedSignature -Path (Join-Path $download 'tool-2.0.tar.gz') -TrustedKey $vendorKey, $malloryKey, $mallory
        $pinned.Status | Should -Be 'NotTrusted'
        $pinned.StatusMessage | Should -Match $vendor
    }

    It 'checks a clear-signed file alone, and -Quiet answers one Boolean' -Skip:$noGpg {
        (Test-DetachedSignature -Path $clearSigned -TrustedKey $vendorKey).Format | Should -Be 'OpenPGPClearSigned'
        Test-DetachedSignature -Path $clearSigned -TrustedKey $vendorKey -Quiet | Should -BeTrue
        Test-DetachedSignature -Path $clearSigned -TrustedKey $malloryKey -Quiet | Should -BeFalse
    }

    It 'refuses a CMS signer that does not chain to the given root' {
        $results = Test-DetachedSignature -Path (Join-Path $cms '*.zip') -TrustedKey (Join-Path $cms 'root-ca.pem')
        ($results | ForEach-Object { "$($_.Name)=$($_.Status)" }) -join ' ' | Should -Be 'artifact.zip=Valid rogue-signed.zip=NotTrusted tampered.zip=InvalidSignature'
    }

    It 'verifies minisign signatures, and an edited trusted comment fails (minisign agrees)' -Skip:$noMinisign {
        $folder = Join-Path $work 'minisign'
        New-Item -ItemType Directory -Path $folder | Out-Null
        & minisign -G -W -p "$folder/key.pub" -s "$folder/key.sec" | Out-Null
        Set-Content -LiteralPath "$folder/app.tar.xz" -Value 'app' -NoNewline
        & minisign -S -s "$folder/key.sec" -m "$folder/app.tar.xz" -t 'app 1.0' | Out-Null
        Remove-Item -LiteralPath "$folder/key.sec"
        $result = Test-DetachedSignature -Path "$folder/app.tar.xz" -TrustedKey "$folder/key.pub"
        $result.Status | Should -Be 'Valid'
        $result.TrustedComment | Should -Be 'app 1.0'
        (Get-Content -LiteralPath "$folder/app.tar.xz.minisig" -Raw).Replace('app 1.0', 'app 9.9') | Set-Content -LiteralPath "$folder/app.tar.xz.minisig" -NoNewline
        (Test-DetachedSignature -Path "$folder/app.tar.xz" -TrustedKey "$folder/key.pub").Status | Should -Be 'InvalidSignature'
        & minisign -V -p "$folder/key.pub" -m "$folder/app.tar.xz" *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'writes one clear error for a missing signature, a 100 MB signature and a keyring that is not one' {
        $folder = Join-Path $work 'bad'
        New-Item -ItemType Directory -Path $folder | Out-Null
        Set-Content -LiteralPath "$folder/a.bin" -Value 'a'
        $root = Join-Path $cms 'root-ca.pem'
        Test-DetachedSignature -Path "$folder/a.bin" -TrustedKey $root -ErrorVariable missing -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'SignatureFileNotFound,*'

        $stream = [IO.File]::Create("$folder/a.bin.sig"); $stream.SetLength(100MB); $stream.Dispose()
        Test-DetachedSignature -Path "$folder/a.bin" -TrustedKey $root -ErrorVariable large -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $large[0].FullyQualifiedErrorId | Should -BeLike 'InputFileTooLarge,*'
        $large[0].Exception.Message | Should -Match 'a\.bin\.sig'

        { Test-DetachedSignature -Path "$folder/a.bin" -TrustedKey "$folder/no-such-key.asc" } | Should -Throw -ErrorId 'TrustedKeyNotFound,SupplyChainTools.Commands.TestDetachedSignatureCommand'
        Set-Content -LiteralPath "$folder/keyring.gpg" -Value 'not a keyring'
        { Test-DetachedSignature -Path "$folder/a.bin" -TrustedKey "$folder/keyring.gpg" } | Should -Throw -ErrorId 'TrustedKeyInvalid,SupplyChainTools.Commands.TestDetachedSignatureCommand'
    }

    It 'survives a serialization round trip with strings only' {
        $result = Test-DetachedSignature -Path (Join-Path $cms 'artifact.zip') -TrustedKey (Join-Path $cms 'root-ca.pem')
        $copy = Invoke-Roundtrip $result
        $copy.Status | Should -Be 'Valid'
        $copy.SignerFingerprint | Should -Be $result.SignerFingerprint
        $copy.Format | Should -BeOfType [string]
    }
}

Describe 'Test-FileIntegrity with a signed checksum file' {
    It 'checks the signature first, then every entry, each carrying the signer' -Skip:$noGpg {
        $results = Test-FileIntegrity -ChecksumFile (Join-Path $download 'SHA256SUMS') -TrustedKey $vendorKey
        $results.Count | Should -Be 2
        $results.Status | Should -Be @('Match', 'Match')
        $results.SignerFingerprint | Should -Be @($vendor, $vendor)
    }

    It 'accepts a clear-signed SUMS file as -ChecksumFile' -Skip:$noGpg {
        $results = Test-FileIntegrity -ChecksumFile $clearSigned -TrustedKey $vendorKey -BasePath $download
        $results.Count | Should -Be 2
        $results.SignerFingerprint | Should -Be @($vendor, $vendor)
    }

    It 'trusts no entry when the SUMS file was changed after signing' -Skip:$noGpg {
        $copy = Join-Path $work 'edited'
        New-Item -ItemType Directory -Path $copy | Out-Null
        Copy-Item -Path (Join-Path $download '*') -Destination $copy
        Add-Content -LiteralPath (Join-Path $copy 'SHA256SUMS') -Value ('0' * 64 + '  evil.bin')
        $results = Test-FileIntegrity -ChecksumFile (Join-Path $copy 'SHA256SUMS') -SignatureFile (Join-Path $copy 'SHA256SUMS.asc') -TrustedKey $vendorKey -ErrorVariable refused -ErrorAction SilentlyContinue
        $results | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'ChecksumSignatureRefused,*'
        $refused[0].Exception.Message | Should -Match 'InvalidSignature'
        Test-FileIntegrity -ChecksumFile (Join-Path $copy 'SHA256SUMS') -TrustedKey $vendorKey -Quiet -ErrorAction SilentlyContinue | Should -BeFalse

        $edited = Join-Path $copy 'SHA256SUMS.txt'
        (Get-Content -LiteralPath $edited -Raw) -replace '([0-9a-f]{8})  tool-2.0.zip', '00000000  tool-2.0.zip' | Set-Content -LiteralPath $edited -NoNewline
        Test-FileIntegrity -ChecksumFile $edited -TrustedKey $vendorKey -ErrorVariable clear -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $clear[0].FullyQualifiedErrorId | Should -BeLike 'ChecksumSignatureRefused,*'
    }

    It 'refuses a SUMS file signed by a key that is not pinned' -Skip:$noGpg {
        Test-FileIntegrity -ChecksumFile (Join-Path $download 'SHA256SUMS') -TrustedKey $malloryKey -ErrorVariable refused -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $refused[0].Exception.Message | Should -Match 'NotTrusted'
    }

    It 'refuses -SignatureFile without -TrustedKey' {
        { Test-FileIntegrity -ChecksumFile (Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES 'checksums/SHA256SUMS') -SignatureFile (Join-Path $cms 'artifact.zip.p7s') } |
            Should -Throw -ErrorId 'TrustedKeyRequired,SupplyChainTools.Commands.TestFileIntegrityCommand'
    }

    It 'still checks unsigned manifests as before when no key is given' {
        $results = Test-FileIntegrity -ChecksumFile (Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES 'checksums/SHA256SUMS') -ErrorAction SilentlyContinue
        $results | Should -Not -BeNullOrEmpty
        $results.SignerFingerprint | Where-Object { $_ } | Should -BeNullOrEmpty
    }
}
