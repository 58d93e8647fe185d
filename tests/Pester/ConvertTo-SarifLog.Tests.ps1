# ConvertTo-SarifLog as users run it: findings in, a SARIF 2.1.0 log out (string or file), suppressed findings kept
# with their reason, an existing file never replaced without -Force, and the summary's exit-code bits.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:workflow = Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES 'dependencies/gha/.github/workflows/ci.yml'
    function New-Finding([string] $RuleId = 'GitHubActions/UnpinnedAction', [string] $Severity = 'High', [int] $Line = 12) {
        [SupplyChainTools.DependencyFinding]::new($RuleId, $Severity, 'M1013', 'GitHubActions', $workflow, $Line, 'actions/setup-node', 'v4', $null, 'The action is used at a tag.', 'Pin it to a full commit SHA.')
    }
}

Describe 'ConvertTo-SarifLog' {
    It 'returns one SARIF 2.1.0 log for the piped findings, locations relative to -BasePath' {
        $log = (New-Finding), (New-Finding -RuleId 'Shell/NpmInstall' -Severity 'Medium' -Line 20) |
            ConvertTo-SarifLog -BasePath $env:SUPPLYCHAINTOOLS_FIXTURES | ConvertFrom-Json
        $log.version | Should -Be '2.1.0'
        $log.runs.Count | Should -Be 1
        $log.runs[0].tool.driver.name | Should -Be 'SupplyChainTools'
        @($log.runs[0].tool.driver.rules.id) | Should -Be @('GitHubActions/UnpinnedAction', 'Shell/NpmInstall')
        @($log.runs[0].results.level) | Should -Be @('error', 'warning')
        $location = $log.runs[0].results[1].locations[0].physicalLocation
        $location.artifactLocation.uri | Should -Be 'dependencies/gha/.github/workflows/ci.yml'
        $location.region.startLine | Should -Be 20
    }

    It 'keeps a suppressed finding, with its reason as an external suppression' {
        $log = (New-Finding).Suppress('Reviewed in change 42.') | ConvertTo-SarifLog | ConvertFrom-Json
        $log.runs[0].results[0].suppressions[0].kind | Should -Be 'external'
        $log.runs[0].results[0].suppressions[0].justification | Should -Be 'Reviewed in change 42.'
    }

    It 'writes a valid empty log for no findings' {
        $log = ConvertTo-SarifLog -InputObject @() | ConvertFrom-Json
        @($log.runs[0].results).Count | Should -Be 0
    }

    It 'never replaces an existing -OutFile without -Force, and replaces it whole with it' {
        $folder = New-TestFolder
        $path = Join-Path $folder 'pinning.sarif'
        Set-Content -LiteralPath $path -Value 'keep me'
        { New-Finding | ConvertTo-SarifLog -OutFile $path -ErrorAction Stop } | Should -Throw -ErrorId 'SarifFileExists,SupplyChainTools.Commands.ConvertToSarifLogCommand'
        Get-Content -LiteralPath $path -Raw | Should -Match 'keep me'
        New-Finding | ConvertTo-SarifLog -OutFile $path -Force | Should -BeNullOrEmpty
        (Get-Content -LiteralPath $path -Raw | ConvertFrom-Json).runs[0].results[0].ruleId | Should -Be 'GitHubActions/UnpinnedAction'
        @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('pinning.sarif') -Because 'no temporary file is left behind'
    }

    It 'returns the summary with one exit-code bit per unsuppressed severity' {
        $summary = (New-Finding -Severity 'Low'), (New-Finding).Suppress('ok'), (New-Finding -Severity 'Medium') |
            ConvertTo-SarifLog -OutFile (Join-Path (New-TestFolder) 'x.sarif') -Summary
        $summary.Total | Should -Be 3
        $summary.Suppressed | Should -Be 1
        $summary.High | Should -Be 0
        $summary.ExitCode | Should -Be 3
        (Invoke-Roundtrip $summary).ExitCode | Should -Be 3
    }
}

Describe 'ConvertTo-SarifLog with findings that crossed a process boundary' {
    It 'converts deserialized findings as the live ones' {
        $live = (New-Finding).Suppress('Reviewed.'), (New-Finding -RuleId 'Shell/NpmInstall' -Severity 'Medium' -Line 20)
        $copies = $live | ForEach-Object { Invoke-Roundtrip $_ -Depth 1 }
        $copies[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.SupplyChainTools.DependencyFinding'
        ($copies | ConvertTo-SarifLog) | Should -Be ($live | ConvertTo-SarifLog)
    }

    It 'leaves out and reports an object that is not a finding' {
        $log = [pscustomobject]@{ Name = 'x' }, (New-Finding) | ConvertTo-SarifLog -ErrorVariable problems -ErrorAction SilentlyContinue | ConvertFrom-Json
        @($log.runs[0].results).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NotADependencyFinding*'
    }
}
