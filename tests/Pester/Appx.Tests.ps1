# APPX/MSIX packages through the cmdlets that verify signatures: Test-AuthenticodeChain, Get-FileIntegrity -Signature
# and the baselines, as a user runs them on the osslsigncode corpus (tests/fixtures/authenticode/appx).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:appx = Get-FixturePath 'authenticode/appx'
    $pki = Get-FixturePath 'authenticode/pki'
    $script:corpus = @{
        TrustedRootCertificate = "$pki/CACert.pem", "$pki/TSACA.pem"
        NoDefaultTrust         = $true
        CrlPath                = "$pki/CACertCRL.pem", "$pki/TSACertCRL.pem"
        VerificationTime       = [datetime]::new(2019, 9, 1, 0, 0, 0, [DateTimeKind]::Utc)
    }
    $script:work = New-TestFolder
}

AfterAll {
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'APPX/MSIX packages' {
    It '<File> is <Expected> (EXPECTED.tsv: <Peer>)' -ForEach @(
        @{ File = 'signed.256appx'; Expected = 'PublisherNotAllowed'; Peer = 'valid' }
        @{ File = 'signed.512appx'; Expected = 'PublisherNotAllowed'; Peer = 'valid' }
        @{ File = 'ts_cert.256appx'; Expected = 'PublisherNotAllowed'; Peer = 'valid' }
        @{ File = 'removed.256appx'; Expected = 'NotSigned'; Peer = 'unsigned' }
        @{ File = 'unsigned.512appx'; Expected = 'NotSigned'; Peer = 'unsigned' }
        @{ File = 'revoked.256appx'; Expected = 'Revoked'; Peer = 'revoked' }
        @{ File = 'ts_revoked.256appx'; Expected = 'Revoked'; Peer = 'revoked' }
        @{ File = 'ts_expired.256appx'; Expected = 'Expired'; Peer = 'expired' }
    ) {
        # The peer's "valid" holds for every check but the publisher: the test packages' manifest names another
        # subject than their signer, which osslsigncode does not compare and Windows refuses.
        $result = Test-AuthenticodeChain -LiteralPath (Join-Path $appx $File) @corpus
        $result.FileType | Should -Be 'APPX'
        $result.Status | Should -Be $Expected -Because $result.StatusMessage
        if ($Peer -eq 'valid') { @($result.Problems).Count | Should -Be 1 }
    }

    It 'finds a changed file through the block map and the package digest' {
        $copy = Join-Path $work 'changed.appx'
        $bytes = [IO.File]::ReadAllBytes((Join-Path $appx 'signed.256appx'))
        $bytes[2000] = $bytes[2000] -bxor 0x10
        [IO.File]::WriteAllBytes($copy, $bytes)
        $result = Test-AuthenticodeChain -LiteralPath $copy @corpus
        $result.Status | Should -Be 'HashMismatch'
        $result.Problems -join "`n" | Should -Match 'AXPC'
    }

    It 'reports the package signature in Get-FileIntegrity -Signature and in a baseline' {
        $record = Get-FileIntegrity -LiteralPath (Join-Path $appx 'signed.256appx') -Signature
        $record.SignatureStatus | Should -Not -Be 'NotSupportedFileFormat'
        $record.SignerSubject | Should -Match 'CN=cert'

        $folder = Join-Path $work 'install'
        $null = New-Item -ItemType Directory -Path $folder
        Copy-Item -LiteralPath (Join-Path $appx 'signed.256appx') -Destination $folder
        $baseline = Join-Path $work 'install.scbl'
        $null = New-SoftwareBaseline -LiteralPath $folder -OutFile $baseline
        $bytes = [IO.File]::ReadAllBytes((Join-Path $folder 'signed.256appx'))
        $bytes[2000] = $bytes[2000] -bxor 0x10
        [IO.File]::WriteAllBytes((Join-Path $folder 'signed.256appx'), $bytes)
        $change = @(Compare-SoftwareBaseline -ReferenceBaseline $baseline)
        $change.Count | Should -Be 1
        # The baseline recorded the package's signer, so the change says what became of the signature.
        $change[0].OldSignatureStatus | Should -Be $record.SignatureStatus
        $change[0].NewSignatureStatus | Should -Not -Be $record.SignatureStatus
        $change[0].NewSignatureStatus | Should -Not -BeNullOrEmpty
    }
}
