# ConvertTo-SoftwareBom as users run it: piped inventories (live, deserialized, mixed with file checks) to one
# CycloneDX or SPDX JSON document; reproducible with a fixed serial number and time. Schema validity is tested
# in xunit (Sbom/SoftwareBomTests) against the published schemas.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:tree = Get-FixturePath 'inventory/tree'
    $script:components = @(Get-SoftwareInventory -LiteralPath $tree)
    $script:fixed = @{ SerialNumber = [guid]'3e671687-395b-41f5-a30f-a58921a69b79'; Timestamp = [datetime]::new(2024, 3, 5, 9, 20, 30, [DateTimeKind]::Utc) }
}

Describe 'ConvertTo-SoftwareBom' {
    It 'writes one CycloneDX 1.6 document with every piped component' {
        $text = $components | ConvertTo-SoftwareBom
        @($text).Count | Should -Be 1
        $text | Should -BeOfType [string]
        $bom = $text | ConvertFrom-Json
        $bom.bomFormat | Should -Be 'CycloneDX'
        $bom.specVersion | Should -Be '1.6'
        $bom.serialNumber | Should -Match '^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        @($bom.components).Count | Should -Be $components.Count
        @($bom.components.purl) | Should -Be @($components.Purl)
        $bom.metadata.tools.components[0].version | Should -Be (Get-Module SupplyChainTools).Version.ToString()
    }

    It 'writes one SPDX 2.3 document that describes every package' {
        $text = $components | ConvertTo-SoftwareBom -Format SPDX -Name fixtures @fixed
        $text | Should -Match '"created": "2024-03-05T09:20:30Z"'
        $spdx = $text | ConvertFrom-Json
        $spdx.spdxVersion | Should -Be 'SPDX-2.3'
        $spdx.documentNamespace | Should -Be 'https://spdx.org/spdxdocs/fixtures-3e671687-395b-41f5-a30f-a58921a69b79'
        @($spdx.packages).Count | Should -Be $components.Count
        @($spdx.relationships | Where-Object relationshipType -EQ 'DESCRIBES').Count | Should -Be $components.Count
    }

    It 'gives the same bytes for the same components with a fixed serial number and time, and new ones without' {
        $first = $components | ConvertTo-SoftwareBom @fixed
        $second = $components | ConvertTo-SoftwareBom @fixed
        $second | Should -BeExactly $first
        ($components | ConvertTo-SoftwareBom) | Should -Not -Be ($components | ConvertTo-SoftwareBom)
    }

    It 'reads components that came back from remoting as it reads live ones' {
        $live = $components | ConvertTo-SoftwareBom @fixed
        $deserialized = $components | ForEach-Object { Invoke-Roundtrip $_ -Depth 1 }
        ($deserialized | ConvertTo-SoftwareBom @fixed) | Should -BeExactly $live
    }

    It 'passes over the file checks of -VerifyFiles' {
        $mixed = @(Get-SoftwareInventory -LiteralPath (Join-Path $tree 'python') -VerifyFiles)
        @($mixed | Where-Object Status).Count | Should -BeGreaterThan 0
        $bom = $mixed | ConvertTo-SoftwareBom | ConvertFrom-Json
        @($bom.components.name) | Should -Be @('Requests', 'attrs')
    }

    It 'writes a document without components for no input' {
        $empty = ConvertTo-SoftwareBom -InputObject @() -Format CycloneDX | ConvertFrom-Json
        @($empty.components).Count | Should -Be 0
    }
}
