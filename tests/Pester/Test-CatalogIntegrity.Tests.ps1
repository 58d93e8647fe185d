BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'CatalogBuilder.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:identity = New-TestCodeSigningIdentity
    $script:rootFile = Join-Path ([IO.Path]::GetTempPath()) ("sct-root-" + [guid]::NewGuid().ToString('N') + '.cer')
    [IO.File]::WriteAllBytes($rootFile, $identity.Root.Export('Cert'))
    $script:trust = @{ TrustedRootCertificate = $rootFile; NoDefaultTrust = $true }

    function New-SignedModuleFolder {
        $folder = New-TestFolder
        Set-Content -LiteralPath (Join-Path $folder 'Contoso.psd1') -Value "@{ ModuleVersion = '1.0.0' }"
        Set-Content -LiteralPath (Join-Path $folder 'Contoso.psm1') -Value 'function Get-Thing { 42 }'
        New-Item -ItemType Directory -Path (Join-Path $folder 'en-US') | Out-Null
        Set-Content -LiteralPath (Join-Path $folder 'en-US/about_Contoso.help.txt') -Value 'TOPIC about_Contoso'
        New-TestCatalog -Folder $folder -CatalogPath (Join-Path $folder 'Contoso.cat') -Identity $identity
        return $folder
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:rootFile -Force -ErrorAction SilentlyContinue
}

Describe 'Test-CatalogIntegrity' {
    BeforeEach {
        $script:folder = New-SignedModuleFolder
        $script:catalog = Join-Path $folder 'Contoso.cat'
    }

    AfterEach {
        Remove-Item -LiteralPath $script:folder -Recurse -Force
    }

    It 'reports every listed file Valid for an untouched folder, and -Quiet is true' {
        $results = Test-CatalogIntegrity -CatalogFilePath $catalog @trust
        $results.Count | Should -Be 3
        $results.Status | Should -Be @('Valid', 'Valid', 'Valid')
        ($results.RelativePath | Sort-Object) | Should -Contain 'Contoso.psm1'
        Test-CatalogIntegrity -CatalogFilePath $catalog @trust -Quiet | Should -BeTrue
    }

    It 'finds a changed file, a deleted file and an added file' {
        Add-Content -LiteralPath (Join-Path $folder 'Contoso.psm1') -Value 'Invoke-Expression $payload'
        Remove-Item -LiteralPath (Join-Path $folder 'en-US/about_Contoso.help.txt')
        Set-Content -LiteralPath (Join-Path $folder 'Extra.ps1') -Value 'evil'
        $results = Test-CatalogIntegrity -CatalogFilePath $catalog @trust
        ($results | Where-Object Status -EQ 'HashMismatch').RelativePath | Should -Be 'Contoso.psm1'
        ($results | Where-Object Status -EQ 'Missing').RelativePath | Should -Match 'about_Contoso.help.txt'
        ($results | Where-Object Status -EQ 'NotInCatalog').RelativePath | Should -Be 'Extra.ps1'
        Test-CatalogIntegrity -CatalogFilePath $catalog @trust -Quiet | Should -BeFalse

        $summary = Test-CatalogIntegrity -CatalogFilePath $catalog @trust -Summary
        $summary.IsValid | Should -BeFalse
        $summary.CatalogStatus | Should -Be 'Valid'
        $summary.ValidCount | Should -Be 1
        $summary.HashMismatchCount | Should -Be 1
        $summary.MissingCount | Should -Be 1
        $summary.NotInCatalogCount | Should -Be 1
    }

    It 'is not valid when the catalog''s signer is not trusted, and warns' {
        $summary = Test-CatalogIntegrity -CatalogFilePath $catalog -Summary -WarningVariable warnings -WarningAction SilentlyContinue
        $summary.CatalogStatus | Should -Be 'NotTrusted'
        $summary.IsValid | Should -BeFalse
        $warnings.Count | Should -Be 1
    }

    It 'stops with CatalogNotFound for a missing catalog' {
        { Test-CatalogIntegrity -CatalogFilePath (Join-Path $folder 'nope.cat') @trust } | Should -Throw -ErrorId 'CatalogNotFound,SupplyChainTools.Commands.TestCatalogIntegrityCommand'
    }

    It 'checks a folder given apart from the catalog' {
        $elsewhere = New-TestFolder
        try {
            Move-Item -LiteralPath $catalog -Destination $elsewhere
            $results = Test-CatalogIntegrity -CatalogFilePath (Join-Path $elsewhere 'Contoso.cat') -Path $folder @trust
            $results.Status | Should -Be @('Valid', 'Valid', 'Valid')
        }
        finally {
            Remove-Item -LiteralPath $elsewhere -Recurse -Force
        }
    }

    It 'keeps every file''s result in the summary through a remoting round trip' {
        Set-Content -LiteralPath (Join-Path $folder 'Extra.ps1') -Value 'evil'
        $copy = Invoke-Roundtrip (Test-CatalogIntegrity -CatalogFilePath $catalog @trust -Summary) 3
        $copy.PSObject.TypeNames[0] | Should -Be 'Deserialized.SupplyChainTools.CatalogCheckSummary'
        $copy.NotInCatalogCount | Should -Be 1
        ($copy.Files | Where-Object Status -EQ 'NotInCatalog').RelativePath | Should -Be 'Extra.ps1'
        $copy.CatalogSignature.Status | Should -Be 'Valid'
    }
}

Describe 'Test-AuthenticodeChain -CatalogFilePath' {
    BeforeAll {
        $script:folder = New-SignedModuleFolder
        $script:catalog = Join-Path $folder 'Contoso.cat'
    }

    AfterAll {
        Remove-Item -LiteralPath $script:folder -Recurse -Force
    }

    It 'verifies a member through the catalog and reports the catalog''s signer' {
        $result = Test-AuthenticodeChain -LiteralPath (Join-Path $folder 'Contoso.psm1') -CatalogFilePath $catalog @trust
        $result.Status | Should -Be 'Valid'
        $result.SignatureType | Should -Be 'Catalog'
        $result.SignerSubject | Should -Match 'Pester Module Publisher'
    }

    It 'walks a module folder through its catalog, reporting the catalog by its own signature' {
        $results = Test-AuthenticodeChain -LiteralPath $folder -Recurse -CatalogFilePath $catalog @trust
        $results.Count | Should -Be 4
        ($results | Where-Object FileType -EQ 'Catalog').SignatureType | Should -Be 'Catalog'
        $results.Status | Sort-Object -Unique | Should -Be 'Valid'
    }

    It 'reports the catalog file''s own signature' {
        $result = Test-AuthenticodeChain -LiteralPath $catalog @trust
        $result.FileType | Should -Be 'Catalog'
        $result.Status | Should -Be 'Valid'
    }

    It 'does not mistake a file elsewhere that shares a listed file''s name for a changed member' {
        $elsewhere = Join-Path $folder 'copies'
        New-Item -ItemType Directory -Path $elsewhere -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $elsewhere 'Contoso.psm1') -Value 'something else'
        (Test-AuthenticodeChain -LiteralPath (Join-Path $elsewhere 'Contoso.psm1') -CatalogFilePath $catalog @trust).Status | Should -Be 'NotSigned'
        Remove-Item -LiteralPath $elsewhere -Recurse -Force
    }

    It 'reports a modified member as HashMismatch and an unlisted file as NotSigned' {
        $changed = Join-Path $folder 'Contoso.psd1'
        Add-Content -LiteralPath $changed -Value '# changed'
        $stranger = Join-Path $folder 'Stranger.txt'
        Set-Content -LiteralPath $stranger -Value 'not listed'
        $results = Test-AuthenticodeChain -LiteralPath $changed, $stranger -CatalogFilePath $catalog @trust
        $results.Status | Should -Be @('HashMismatch', 'NotSigned')
    }
}

Describe 'a listed PE with code hidden behind its certificate directory' {
    BeforeAll {
        $script:peFolder = New-TestFolder
        $script:original = [IO.File]::ReadAllBytes((Get-FixturePath 'authenticode/catalogs/unsigned.exe'))
        $script:member = Join-Path $peFolder 'app.exe'
        [IO.File]::WriteAllBytes($member, $original)
        $script:peCatalog = Join-Path $peFolder 'app.cat'
        New-TestCatalog -Folder $peFolder -CatalogPath $peCatalog -Identity $identity -PeImageHash
    }

    AfterAll {
        Remove-Item -LiteralPath $script:peFolder -Recurse -Force
    }

    It 'is Valid untouched, and not Valid once 8 bytes at .text''s start are what the certificate directory points at' {
        (Test-AuthenticodeChain -LiteralPath $member -CatalogFilePath $peCatalog @trust).Status | Should -Be 'Valid'
        (Test-CatalogIntegrity -CatalogFilePath $peCatalog @trust).Status | Should -Be 'Valid'

        # Insert 8 bytes at .text's PointerToRawData, point the (unhashed) certificate directory at them, pad the end
        # so that what remains once they are cut out is the original padded to 8: the section headers are unchanged,
        # so the loader maps the new bytes as code.
        $pe = [BitConverter]::ToInt32($original, 0x3C)
        $optional = $pe + 24
        $entry = $optional + $(if ([BitConverter]::ToUInt16($original, $optional) -eq 0x20B) { 144 } else { 128 })
        $sectionTable = $optional + [BitConverter]::ToUInt16($original, $pe + 20)
        $text = @(0..([BitConverter]::ToUInt16($original, $pe + 6) - 1) | ForEach-Object { $sectionTable + 40 * $_ } |
            Where-Object { [Text.Encoding]::ASCII.GetString($original, $_, 5) -eq '.text' })[0]
        $insertAt = [BitConverter]::ToInt32($original, $text + 20)
        $padding = (8 - $original.Length % 8) % 8
        $tampered = [byte[]]::new($original.Length + 8 + $padding)
        [Array]::Copy($original, $tampered, $insertAt)
        foreach ($i in 0..7) { $tampered[$insertAt + $i] = 0xCC }
        [Array]::Copy($original, $insertAt, $tampered, $insertAt + 8, $original.Length - $insertAt)
        [BitConverter]::GetBytes([int] $insertAt).CopyTo($tampered, $entry)
        [BitConverter]::GetBytes([int] 8).CopyTo($tampered, $entry + 4)
        [IO.File]::WriteAllBytes($member, $tampered)

        $chain = Test-AuthenticodeChain -LiteralPath $member -CatalogFilePath $peCatalog @trust
        $chain.Status | Should -Be 'UnexpectedData'
        $chain.StatusMessage | Should -Match 'certificate table'
        (Test-CatalogIntegrity -CatalogFilePath $peCatalog @trust).Status | Should -Be 'HashMismatch'
    }
}
