# The dependency auditors of issue 12 part B on real files, through the module's Core as a script sees it: every
# module manifest and script PowerShell ships (and Pester's) is read without an error, and the RequiredModules
# findings agree with what Import-PowerShellDataFile, PowerShell's own reader, says the manifests require.
BeforeDiscovery {
    $pester = (Get-Module Pester).ModuleBase
    $script:manifests = @(Get-ChildItem -LiteralPath $PSHOME, $pester -Recurse -Filter *.psd1 -File | ForEach-Object FullName)
    $script:scripts = @(Get-ChildItem -LiteralPath $PSHOME, $pester -Recurse -Include *.ps1, *.psm1 -File | ForEach-Object FullName)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:auditor = [SupplyChainTools.Core.Dependencies.PowerShell.PowerShellAuditor]::new()
    $script:options = [SupplyChainTools.Core.Dependencies.DependencyAuditOptions]::new()
    function Invoke-Audit([string] $Path) {
        $file = [SupplyChainTools.Core.Dependencies.DependencyFile]::new($Path, (Split-Path -Leaf $Path))
        @($auditor.Audit($file, $options, [System.Threading.CancellationToken]::None))
    }
}

Describe 'PowerShell auditor on the manifests and scripts PowerShell and Pester ship' {
    It 'finds real files to read' {
        $manifests.Count | Should -BeGreaterThan 10
        $scripts.Count | Should -BeGreaterThan 10
    }

    It 'meets real RequiredModules entries, so the comparison below is not vacuous' {
        $required = @(foreach ($manifest in $manifests) { Invoke-Audit $manifest | Where-Object RuleId -EQ 'PowerShell/UnpinnedRequiredModule' })
        $required.Count | Should -BeGreaterThan 0 -Because 'PowerShellGet requires PackageManagement by minimum version'
    }

    It 'reads <_> as PowerShell does' -ForEach $manifests {
        $findings = Invoke-Audit $_
        $data = $null
        try { $data = Import-PowerShellDataFile -LiteralPath $_ -ErrorAction Stop } catch { }
        $required = if ($data -is [hashtable] -and $data.ContainsKey('RequiredModules')) { @($data.RequiredModules) } else { @() }
        $unpinned = @($required | Where-Object {
            if ($_ -is [string]) { $_ -notmatch '[\\/]|\.ps[dm]1$|\.dll$' } else { -not $_.ContainsKey('RequiredVersion') }
        })
        @($findings | Where-Object RuleId -EQ 'PowerShell/UnpinnedRequiredModule').Count | Should -Be $unpinned.Count
    }

    It 'reads the script <_> without an error' -ForEach $scripts {
        { Invoke-Audit $_ } | Should -Not -Throw
    }
}
