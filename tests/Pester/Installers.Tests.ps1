BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force

    $script:installers = Get-FixturePath 'authenticode/installers'
    $script:pki = Get-FixturePath 'authenticode/pki'
    $script:work = New-TestFolder
    # EXPECTED.tsv: the osslsigncode corpus verifies at 2019-09-01 with its test roots and CRLs.
    $script:corpusArgs = @{
        TrustedRootCertificate = (Join-Path $pki 'CACert.pem'), (Join-Path $pki 'TSACA.pem')
        NoDefaultTrust         = $true
        VerificationTime       = [datetime]::new(2019, 9, 1, 0, 0, 0, [DateTimeKind]::Utc)
        CrlPath                = (Join-Path $pki 'CACertCRL.pem'), (Join-Path $pki 'TSACertCRL.pem')
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'MSI and CAB signatures' {
    Context 'Test-AuthenticodeChain on the osslsigncode corpus' {
        It '<File> is <Expected> (<Type>)' -ForEach @(
            @{ File = 'signed.msi'; Expected = 'Valid'; Type = 'MSI' }
            @{ File = 'nested.msi'; Expected = 'Valid'; Type = 'MSI' }
            @{ File = 'ts_cert.msi'; Expected = 'Valid'; Type = 'MSI' }
            @{ File = 'removed.msi'; Expected = 'NotSigned'; Type = 'MSI' }
            @{ File = 'revoked.msi'; Expected = 'Revoked'; Type = 'MSI' }
            @{ File = 'ts_expired.msi'; Expected = 'Expired'; Type = 'MSI' }
            @{ File = 'signed.ex_'; Expected = 'Valid'; Type = 'CAB' }
            @{ File = 'nested.ex_'; Expected = 'Valid'; Type = 'CAB' }
            @{ File = 'ts_revoked.ex_'; Expected = 'Revoked'; Type = 'CAB' }
            @{ File = 'unsigned.ex_'; Expected = 'NotSigned'; Type = 'CAB' }
        ) {
            $result = Test-AuthenticodeChain -LiteralPath (Join-Path $installers $File) @corpusArgs
            $result.Status | Should -Be $Expected
            $result.FileType | Should -Be $Type
        }

        It 'walks a folder of installers in one call and reports the nested signature' {
            $results = @(Test-AuthenticodeChain -LiteralPath $installers -Recurse -Include '*.msi', '*.ex_' @corpusArgs)
            $results.Count | Should -Be 16
            ($results | Where-Object { $_.Path -like '*nested.msi' }).NestedSignatures[0].Status | Should -Be 'Valid'
            ($results | Where-Object { $_.Path -like '*signed.msi' -and $_.Path -notlike '*unsigned*' }).SignerSubject | Should -Match '^CN=cert,'
        }

        It 'refuses a signed MSI with data appended after its last sector (GlueBall, CVE-2020-1464)' {
            $glueBall = Join-Path $work 'glueball.msi'
            [IO.File]::WriteAllBytes($glueBall, [IO.File]::ReadAllBytes((Join-Path $installers 'signed.msi')) + [byte[]]::new(70KB))
            $result = Test-AuthenticodeChain -LiteralPath $glueBall @corpusArgs
            $result.Status | Should -Be 'UnexpectedData'
            $result.StatusMessage | Should -Match 'GlueBall'
            Test-AuthenticodeChain -LiteralPath $glueBall @corpusArgs -Quiet | Should -BeFalse
        }

        It 'reports a changed byte in an MSI stream as HashMismatch' {
            $bytes = [IO.File]::ReadAllBytes((Join-Path $installers 'signed.msi'))
            # A byte of the mini stream (sector 0 of this file), which holds the package's streams.
            $bytes[512 + 10] = $bytes[512 + 10] -bxor 1
            $copy = Join-Path $work 'changed.msi'
            [IO.File]::WriteAllBytes($copy, $bytes)
            (Test-AuthenticodeChain -LiteralPath $copy @corpusArgs).Status | Should -Be 'HashMismatch'
        }
    }

    Context 'the other cmdlets get the formats too' {
        It 'Get-FileIntegrity -Signature reports the MSI and CAB verdicts' {
            $results = Get-FileIntegrity -LiteralPath (Join-Path $installers 'signed.msi'), (Join-Path $installers 'unsigned.ex_') -Signature
            $results.SignatureStatus | Should -Be @('NotTrusted', 'NotSigned')
            $results[0].SignerSubject | Should -Match '^CN=cert,'
        }

        It 'a baseline records the signer and a comparison reports a GlueBall append as a broken signature' {
            $tree = Join-Path $work 'tree'
            New-Item -ItemType Directory -Path $tree | Out-Null
            Copy-Item -LiteralPath (Join-Path $installers 'signed.msi'), (Join-Path $installers 'signed.ex_') -Destination $tree
            $baseline = Join-Path $work 'installers.scbl'
            $summary = New-SoftwareBaseline -LiteralPath $tree -OutFile $baseline
            $summary.Files | Should -Be 2
            [IO.File]::WriteAllBytes((Join-Path $tree 'signed.msi'), [IO.File]::ReadAllBytes((Join-Path $installers 'signed.msi')) + [byte[]]::new(4KB))
            $change = @(Compare-SoftwareBaseline -ReferenceBaseline $baseline) | Where-Object { $_.Path -like '*signed.msi' }
            $change.NewSignatureStatus | Should -Be 'UnexpectedData'
            $change.OldSignatureStatus | Should -Be 'NotTrusted'
        }
    }
}
