# The post-disclosure question end to end, as users ask it: inventory a tree, then match it against an offline OSV
# database ("do we have it, where?").
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:tree = Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES 'inventory/tree'
    $script:osv = Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES 'osv/cache'
}

Describe 'Get-SoftwareInventory | Test-KnownVulnerability' {
    It 'finds the compromised ua-parser-js 0.7.29 where it is installed, and only what is affected' {
        $matches = @(Get-SoftwareInventory -LiteralPath $tree | Test-KnownVulnerability -OsvDatabase $osv -WarningAction SilentlyContinue)
        $affected = @($matches | Where-Object Status -EQ 'Affected')
        $affected.Name | Sort-Object -Unique | Should -Be 'ua-parser-js'
        $affected.AdvisoryId | Should -Contain 'GHSA-pjwm-rvh2-c87w'
        $affected[0].Version | Should -Be '0.7.29'
        $affected[0].FixedVersion | Should -Be '0.7.30'
        $affected[0].Location | Should -Be (Join-Path $tree 'npm-project/node_modules/ua-parser-js')
    }

    It 'works on inventories that came back from remoting (deserialized components)' {
        $components = Get-SoftwareInventory -LiteralPath (Join-Path $tree 'npm-project')
        $copies = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($components))
        $matches = @($copies | Test-KnownVulnerability -OsvDatabase $osv -WarningAction SilentlyContinue | Where-Object Status -EQ 'Affected')
        $matches.AdvisoryId | Should -Contain 'GHSA-pjwm-rvh2-c87w'
    }
}
