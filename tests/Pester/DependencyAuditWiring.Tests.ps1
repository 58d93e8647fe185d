# The GitHub Actions, Docker, PowerShell, shell, Cargo and Go auditors as users reach them, through
# Test-DependencyPinning and Test-DependencySource on the fixtures of tests/fixtures/dependencies (the detailed
# expectations, one test each, are in the xunit suite), and the -SuppressionFile and -Summary of both audits.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:deps = Get-FixturePath 'dependencies'

    function script:New-PythonCopy {
        $root = New-TestFolder
        Copy-Item -LiteralPath (Join-Path $deps 'python/requirements.txt') -Destination $root
        $root
    }
}

Describe 'The other ecosystems through the cmdlets' {
    It 'finds the unpinned actions of the gha workflow, and -ActionPolicy ref-pin accepts a branch' {
        $workflow = Join-Path $deps 'gha/.github/workflows/ci.yml'
        $findings = @(Test-DependencyPinning -Path (Join-Path $deps 'gha'))
        $dotnet = $findings | Where-Object { $_.RuleId -eq 'GitHubActions/UnpinnedAction' -and $_.Package -eq 'actions/setup-dotnet' }
        $dotnet.File | Should -Be $workflow
        $dotnet.Line | Should -Be 13
        $findings.RuleId | Should -Contain 'Shell/DownloadThenRun'
        $findings.RuleId | Should -Contain 'PowerShell/UnpinnedModuleInstall'
        $relaxed = @(Test-DependencyPinning -Path (Join-Path $deps 'gha') -ActionPolicy @{ 'actions/*' = 'ref-pin' })
        @($relaxed | Where-Object Package -EQ 'actions/setup-dotnet') | Should -BeNullOrEmpty
        $relaxed.Count | Should -BeLessThan $findings.Count
    }

    It 'finds the unpinned base images of the Dockerfile' {
        $findings = @(Test-DependencyPinning -Path (Join-Path $deps 'docker'))
        @($findings | Where-Object RuleId -EQ 'Docker/UnpinnedBaseImage').Count | Should -BeGreaterThan 0
        $findings | ForEach-Object { $_.File | Should -Be (Join-Path $deps 'docker/Dockerfile') }
    }

    It 'finds the unpinned required modules and installs of the PowerShell fixtures' {
        $findings = @(Test-DependencyPinning -Path (Join-Path $deps 'powershell'))
        ($findings | Where-Object RuleId -EQ 'PowerShell/UnpinnedRequiredModule').File | Sort-Object -Unique |
            Should -Be (Join-Path $deps 'powershell/Contoso.Tools/Contoso.Tools.psd1')
        ($findings | Where-Object { $_.RuleId -eq 'PowerShell/UnpinnedModuleInstall' -and $_.Package -eq 'Pester' }).Line | Should -Be 2
        ($findings | Where-Object RuleId -EQ 'PowerShell/DownloadThenRun').Line | Should -Be 9
        $findings.Package | Should -Not -Contain 'PSScriptAnalyzer'
    }

    It 'finds the http and trusted repository and the internal module of bootstrap.ps1 as source problems' {
        $findings = @(Test-DependencySource -Path (Join-Path $deps 'powershell') -InternalPackagePattern 'Contoso.*')
        ($findings | Where-Object RuleId -EQ 'PowerShell/InsecureRepository').Line | Should -Be 8
        ($findings | Where-Object RuleId -EQ 'PowerShell/TrustedRepository').Line | Should -Be 8
        ($findings | Where-Object RuleId -EQ 'PowerShell/InternalModuleFromPublicRepository').Package | Should -Be 'Contoso.Internal'
        $findings | ForEach-Object { $_.Mitigation | Should -Be 'M1033' }
    }

    It 'finds the git dependency of Cargo.lock, and its alternate registry as a source problem' {
        (Test-DependencyPinning -Path (Join-Path $deps 'cargo')).RuleId | Should -Contain 'Cargo/GitDependency'
        (Test-DependencySource -Path (Join-Path $deps 'cargo')).RuleId | Should -Contain 'Cargo/AlternateRegistry'
    }

    It 'finds the local replace and the pseudo-version of go.mod' {
        $findings = @(Test-DependencyPinning -Path (Join-Path $deps 'go'))
        ($findings | Where-Object RuleId -EQ 'Go/LocalReplace').Package | Should -Be 'example.invalid/private/lib'
        ($findings | Where-Object RuleId -EQ 'Go/PseudoVersion').Severity | Should -Be 'Info'
    }

    It 'names every registered rule in the SARIF log''s rule titles' {
        $log = Test-DependencyPinning -Path (Join-Path $deps 'go') | ConvertTo-SarifLog -BasePath $deps | ConvertFrom-Json
        $rule = $log.runs[0].tool.driver.rules | Where-Object id -EQ 'Go/LocalReplace'
        $rule.shortDescription.text | Should -Not -BeNullOrEmpty
        $rule.shortDescription.text | Should -Not -Be 'Go/LocalReplace'
    }
}

Describe '-SuppressionFile and -Summary' {
    It 'marks the matched finding suppressed with its reason and keeps every finding' {
        $root = New-PythonCopy
        try {
            Set-Content -LiteralPath (Join-Path $root 'suppressions.yml') -Value @(
                'suppressions:', '  - ruleId: PyPI/UnpinnedRequirement', '    path: requirements.txt',
                '    package: unpinned', '    reason: Vendored copy, reviewed (SEC-1).')
            $plain = @(Test-DependencyPinning -Path $root)
            $findings = @(Test-DependencyPinning -Path $root -SuppressionFile (Join-Path $root 'suppressions.yml'))
            $findings.Count | Should -Be $plain.Count
            $suppressed = @($findings | Where-Object Suppressed)
            $suppressed.Package | Should -Be 'unpinned'
            $suppressed.SuppressionReason | Should -Be 'Vendored copy, reviewed (SEC-1).'
        }
        finally { Remove-Item -LiteralPath $root -Recurse -Force }
    }

    It 'warns about an expired entry, which no longer suppresses' {
        $root = New-PythonCopy
        try {
            Set-Content -LiteralPath (Join-Path $root 'suppressions.yml') -Value @(
                'suppressions:', '  - ruleId: PyPI/*', '    reason: Old exception.', '    expires: 2020-01-31')
            $findings = @(Test-DependencyPinning -Path $root -SuppressionFile (Join-Path $root 'suppressions.yml') -WarningVariable warned -WarningAction SilentlyContinue)
            @($findings | Where-Object Suppressed) | Should -BeNullOrEmpty
            $warned.Count | Should -Be 1
            "$($warned[0])" | Should -Match 'line 2 .*expired on 2020-01-31'
        }
        finally { Remove-Item -LiteralPath $root -Recurse -Force }
    }

    It 'stops with SuppressionFileInvalid naming the line, and SuppressionFileNotFound for a missing file' {
        $root = New-PythonCopy
        try {
            $file = Join-Path $root 'suppressions.yml'
            Set-Content -LiteralPath $file -Value @('suppressions:', '  - ruleId: PyPI/UnpinnedRequirement', '    path: requirements.txt')
            $failure = { Test-DependencySource -Path $root -SuppressionFile $file } | Should -Throw -PassThru -ErrorId 'SuppressionFileInvalid,SupplyChainTools.Commands.TestDependencySourceCommand'
            $failure.Exception.Message | Should -Match 'reason'
            $failure.Exception.Message | Should -Match ([regex]::Escape("$($file):2"))
            { Test-DependencyPinning -Path $root -SuppressionFile (Join-Path $root 'none.yml') } |
                Should -Throw -ErrorId 'SuppressionFileNotFound,SupplyChainTools.Commands.TestDependencyPinningCommand'
        }
        finally { Remove-Item -LiteralPath $root -Recurse -Force }
    }

    It 'writes one summary instead of the findings, with suppressed findings counted apart' {
        $root = New-PythonCopy
        try {
            Set-Content -LiteralPath (Join-Path $root 'suppressions.yml') -Value @('suppressions:', '  - ruleId: "*"', '    reason: Accepted.')
            $findings = @(Test-DependencyPinning -Path $root)
            $summary = @(Test-DependencyPinning -Path $root -Summary)
            $summary.Count | Should -Be 1
            $summary[0] | Should -BeOfType ([SupplyChainTools.DependencyAuditSummary])
            $summary[0].Total | Should -Be $findings.Count
            $summary[0].High + $summary[0].Medium + $summary[0].Low + $summary[0].Info | Should -Be $findings.Count
            $summary[0].ExitCode | Should -Be ($findings | ConvertTo-SarifLog -Summary | Select-Object -Last 1).ExitCode
            $summary[0].ExitCode | Should -BeGreaterThan 0
            $quiet = Test-DependencyPinning -Path $root -Summary -SuppressionFile (Join-Path $root 'suppressions.yml')
            $quiet.Suppressed | Should -Be $findings.Count
            $quiet.ExitCode | Should -Be 0
        }
        finally { Remove-Item -LiteralPath $root -Recurse -Force }
    }

    It 'gives a scheduled script its exit code: exit (Test-DependencyPinning . -Summary).ExitCode' {
        $python = Join-Path $deps 'python'
        $failing = Invoke-ChildPwsh "Import-Module '$(Get-ModuleUnderTest)'; Set-Location -LiteralPath '$python'; exit (Test-DependencyPinning . -Summary).ExitCode"
        $failing.ExitCode | Should -Be (Test-DependencyPinning -Path $python -Summary).ExitCode -Because $failing.Output
        $failing.ExitCode | Should -BeGreaterThan 0
        $clean = Invoke-ChildPwsh "Import-Module '$(Get-ModuleUnderTest)'; exit (Test-DependencyPinning -LiteralPath '$(Join-Path $python 'requirements-locked.txt')' -Summary).ExitCode"
        $clean.ExitCode | Should -Be 0 -Because $clean.Output
    }
}
