# The module's views as a user sees them: every column and list label is a property a script can read by the
# same name (live and after a serialization round trip), and the tables fit an 80-column console without
# cutting a column to an ellipsis.
BeforeDiscovery {
    $moduleFolder = Split-Path -Parent $env:SUPPLYCHAINTOOLS_MODULE
    $script:formatViews = @(foreach ($file in Get-ChildItem -LiteralPath $moduleFolder -Filter '*.Format.ps1xml') {
        foreach ($view in ([xml](Get-Content -LiteralPath $file.FullName -Raw)).Configuration.ViewDefinitions.View) {
            $table = $view.TableControl
            $labels = if ($table) { @($table.TableHeaders.TableColumnHeader | ForEach-Object Label) }
                      else { @($view.ListControl.ListEntries.ListEntry.ListItems.ListItem | ForEach-Object { if ($_.Label) { $_.Label } else { $_.PropertyName } }) }
            $items = if ($table) { @($table.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem | ForEach-Object { $_.PropertyName }) } else { @() }
            @{
                View    = $view.Name
                Type    = @($view.ViewSelectedBy.TypeName)[0]
                Kind    = if ($table) { 'table' } else { 'list' }
                Labels  = $labels
                Items   = $items
                GroupBy = if ($view.GroupBy) { $view.GroupBy.PropertyName } else { $null }
            }
        }
    })
    $script:formatTables = @($formatViews | Where-Object Kind -EQ 'table')
    $script:formatWidths = @(foreach ($table in $formatTables) { foreach ($width in 80, 120) { $table + @{ Width = $width } } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $fixtures = $env:SUPPLYCHAINTOOLS_FIXTURES
    $pki = Join-Path $fixtures 'authenticode/pki'
    $catalogArguments = @{
        CatalogFilePath        = Join-Path $fixtures 'catalogs/Contoso/Contoso.cat'
        TrustedRootCertificate = Join-Path $fixtures 'catalogs/contoso-root.cer'
        NoDefaultTrust         = $true
    }

    $script:tree = New-TestFolder
    Copy-Item -Path (Join-Path $fixtures 'authenticode/pe/*.exe') -Destination $tree
    $reference = Join-Path (New-TestFolder) 'tree.scbl'
    $baselineSummary = New-SoftwareBaseline -LiteralPath $tree -OutFile $reference
    Remove-Item -LiteralPath (Join-Path $tree 'signed.exe')
    Copy-Item -LiteralPath (Join-Path $fixtures 'checksums/with space.bin') -Destination (Join-Path $tree 'a-file-whose-name-is-long-enough-to-need-wrapping-at-80-columns.exe')

    $script:dependencies = New-TestFolder
    Copy-Item -LiteralPath (Join-Path $fixtures 'dependencies/nuget/Lib') -Destination $dependencies -Recurse

    # One real output object of every type a view formats, from the fixtures.
    $script:samples = @{
        'SupplyChainTools.FileIntegrity'             = @(Get-FileIntegrity -LiteralPath (Join-Path $fixtures 'authenticode/pe') -Recurse -Signature -Algorithm SHA256, SHA1, SHA384, SHA512, MD5)
        'SupplyChainTools.FileIntegrityCheck'        = @(Test-FileIntegrity -ChecksumFile (Join-Path $fixtures 'checksums/SHA256SUMS'))
        'SupplyChainTools.AuthenticodeSignature'     = @(Test-AuthenticodeChain -Path (Join-Path $fixtures 'authenticode/pe/*.exe') -TrustedRootCertificate "$pki/CACert.pem", "$pki/TSACA.pem" -NoDefaultTrust -VerificationTime 2019-09-01)
        'SupplyChainTools.CatalogFileCheck'          = @(Test-CatalogIntegrity @catalogArguments)
        'SupplyChainTools.CatalogCheckSummary'       = @(Test-CatalogIntegrity @catalogArguments -Summary)
        'SupplyChainTools.BaselineSummary'           = @($baselineSummary)
        'SupplyChainTools.BaselineChange'            = @(Compare-SoftwareBaseline -ReferenceBaseline $reference)
        'SupplyChainTools.BaselineComparisonSummary' = @(Compare-SoftwareBaseline -ReferenceBaseline $reference -Summary)
        'SupplyChainTools.VulnerabilityMatch'        = @([SupplyChainTools.SoftwareComponent]::new('npm', 'ua-parser-js', '0.7.29', 'pkg:npm/ua-parser-js@0.7.29', '/srv/web/node_modules/ua-parser-js/package.json', 'package.json', $false, $null, '/srv/web/node_modules/ua-parser-js') | Test-KnownVulnerability -OsvDatabase (Join-Path $fixtures 'osv/cache'))
        'SupplyChainTools.KnownBadFileMatch'         = @(Test-KnownBadFile -LiteralPath (Join-Path $fixtures 'indicators/samples') -Recurse -IndicatorPath (Join-Path $fixtures 'indicators/hashes.txt'), (Join-Path $fixtures 'indicators/bundle.stix.json'))
        'SupplyChainTools.PackageSignature'          = @(Test-PackageSignature -Path (Join-Path $fixtures 'packages/*.nupkg'))
        'SupplyChainTools.PackageCountersignature'   = @((Test-PackageSignature -Path (Join-Path $fixtures 'packages/*.nupkg')).RepositoryCountersignature)
        'SupplyChainTools.DependencyAuditSummary'    = @(@([SupplyChainTools.DependencyFinding]::new('Shell/NpmInstall', 'Medium', 'M1013', 'Shell', (Join-Path $fixtures 'dependencies/gha/.github/workflows/ci.yml'), 20, 'npm', 'npm install', $null, 'm.', 'r.')) | ConvertTo-SarifLog -Summary)[1]
        'SupplyChainTools.DependencyFinding'         = @(Test-DependencyPinning -LiteralPath $dependencies)
        'SupplyChainTools.DetachedSignatureCheck'    = @(Test-DetachedSignature -Path (Join-Path $fixtures 'signatures/*.zip') -TrustedKey (Join-Path $fixtures 'signatures/root-ca.pem'))
    }

    function Assert-FitsWidth([string] $Text, [int] $Width, [string[]] $Labels) {
        $lines = $Text -split "`r?`n"
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual $Width -Because "'$line' must fit $Width columns" }
        $Text | Should -Not -Match ([char]0x2026) -Because 'no column may be cut to an ellipsis'
        $Text | Should -Not -Match '\.\.\.\s*$' -Because 'no column may be cut to an ellipsis'
        $header = @($lines | Where-Object { $_ -match ('^' + [regex]::Escape($Labels[0]) + '\s') })[0]
        $header | Should -Not -BeNullOrEmpty -Because "the header must start with $($Labels[0])"
        ($header -split '\s+' | Where-Object { $_ }) | Should -Be $Labels -Because 'every column header is shown whole'
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:tree -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Every view of every output type' {
    It 'has views to check' {
        $formatViews.Count | Should -BeGreaterOrEqual 10
    }

    It '<View> (<Kind>) shows only properties of <Type>, live and deserialized' -ForEach $formatViews {
        $live = @($samples[$Type])
        $live.Count | Should -BeGreaterThan 0 -Because "the test needs a sample $Type"
        foreach ($object in @($live[0], (Invoke-Roundtrip $live[0] -Depth 1))) {
            $names = @($object.PSObject.Properties.Name)
            foreach ($label in @($Labels) + @($GroupBy | Where-Object { $_ })) {
                $names | Should -Contain $label -Because "the view shows '$label', so a script must be able to read it ($($object.PSObject.TypeNames[0]))"
            }
        }
    }

    It '<View> fills each column from the property of the same name' -ForEach $formatTables {
        $Items | Should -Be $Labels
    }

    It 'reads the Hash, Algorithm and Name the tables show' {
        $record = Get-FileIntegrity -LiteralPath (Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES 'checksums/tool-1.0.zip') -Algorithm SHA512, SHA256
        $record.Algorithm | Should -Be 'SHA512'
        $record.Hash | Should -Be $record.SHA512
        $record.Name | Should -Be 'tool-1.0.zip'
        $signature = Test-AuthenticodeChain -LiteralPath (Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES 'authenticode/pe/AuthenticodeExaminer-good.dl_')
        $signature.Name | Should -Be 'AuthenticodeExaminer-good.dl_'
        $signature.Signer | Should -Be 'Kevin Jones'
        $deserialized = Invoke-Roundtrip $signature -Depth 1
        $deserialized.Signer | Should -Be 'Kevin Jones'
        $deserialized.Directory | Should -Be (Split-Path -Parent $signature.Path)
    }
}

Describe 'The default tables in a narrow and a wide console' {
    It '<View> fits <Width> columns, every header whole and no value cut' -ForEach $formatWidths {
        $text = $samples[$Type] | Out-String -Width $Width
        Assert-FitsWidth -Text $text -Width $Width -Labels $Labels
        $text | Should -Match 'Directory: |RelativePath|Location: |File: ' -Because 'a file is named under its folder, by its relative path, as a component under its location or as the group of its findings'
    }

    It '<View> fits <Width> columns after a serialization round trip' -ForEach $formatWidths {
        $text = @($samples[$Type] | ForEach-Object { Invoke-Roundtrip $_ -Depth 1 }) | Out-String -Width $Width
        Assert-FitsWidth -Text $text -Width $Width -Labels $Labels
    }

    It 'wraps a long file name instead of cutting it' {
        $text = Get-FileIntegrity -LiteralPath $tree -Recurse | Out-String -Width 80
        ($text -replace '\s', '') | Should -Match 'a-file-whose-name-is-long-enough-to-need-wrapping-at-80-columns\.exe'
    }
}
