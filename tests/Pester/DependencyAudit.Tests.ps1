# Test-DependencyPinning and Test-DependencySource as users run them: on the dependency fixtures (the expectations
# of tests/fixtures/dependencies/README.md, one test each, are in the xunit suite; here each ecosystem end to end),
# path binding, errors that name the file and line while the rest is audited, options, remoting.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:deps = Get-FixturePath 'dependencies'
}

Describe 'Test-DependencyPinning' {
    It 'finds the unpinned references of the NuGet fixtures by file and line' {
        $findings = @(Test-DependencyPinning -Path (Join-Path $deps 'nuget'))
        $findings | Should -Not -BeNullOrEmpty
        $findings | ForEach-Object { $_ | Should -BeOfType ([SupplyChainTools.DependencyFinding]) }
        $floating = $findings | Where-Object { $_.RuleId -eq 'NuGet/FloatingVersion' -and $_.Package -eq 'Contoso.Floating' }
        $floating.File | Should -Be (Join-Path $deps 'nuget/Directory.Packages.props')
        $floating.Line | Should -Be 12
        $floating.Severity | Should -Be 'High'
        $floating.Mitigation | Should -Be 'M1013'
        $findings.Package | Should -Not -Contain 'Contoso.Exact'
        $findings.Package | Should -Not -Contain 'Fabrikam.Exact'
        @($findings | Where-Object RuleId -EQ 'NuGet/LockFileNotEnforced').File | Should -Be (Join-Path $deps 'nuget/App/App.csproj')
    }

    It 'finds the npm manifest and lock file problems' {
        $findings = @(Test-DependencyPinning -Path (Join-Path $deps 'npm'))
        ($findings | Where-Object Package -EQ 'latest-dep').RuleId | Should -Be 'npm/DistTag'
        ($findings | Where-Object Package -EQ 'renamed-dep').RuleId | Should -Be 'npm/LockNameMismatch'
        ($findings | Where-Object Package -EQ 'no-integrity-dep').RuleId | Should -Be 'npm/LockMissingIntegrity'
        $findings.Package | Should -Not -Contain 'exact-dep'
        @($findings | Where-Object { $_.File -like '*legacy-v1*' }) | Should -BeNullOrEmpty
    }

    It 'finds the unpinned Python requirements and leaves the hashed file clean' {
        $findings = @(Test-DependencyPinning -Path (Join-Path $deps 'python'))
        ($findings | Where-Object Package -EQ 'unpinned').RuleId | Should -Be 'PyPI/UnpinnedRequirement'
        ($findings | Where-Object Package -EQ 'editable').RuleId | Should -Be 'PyPI/VcsReference'
        @($findings | Where-Object { $_.File -like '*requirements-locked.txt' }) | Should -BeNullOrEmpty
    }

    It 'audits this repository''s own projects: central versions are minimums, projects have no lock file' {
        $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
        $findings = @(Test-DependencyPinning -LiteralPath (Join-Path $repo 'Directory.Packages.props'), (Join-Path $repo 'src'))
        $missing = @($findings | Where-Object RuleId -EQ 'NuGet/LockFileMissing' | ForEach-Object { Split-Path -Leaf $_.File } | Sort-Object)
        $missing | Should -Be @('SupplyChainTools.Core.csproj', 'SupplyChainTools.csproj')
        @($findings | Where-Object RuleId -EQ 'NuGet/MissingVersion') | Should -BeNullOrEmpty -Because 'Directory.Build.props turns central package management on'
        ($findings | Where-Object RuleId -EQ 'NuGet/MinimumVersion').Package | Should -Contain 'NuGet.Versioning'
    }

    It 'audits the current folder when no path is given, and takes wildcards and piped items' {
        Push-Location -LiteralPath (Join-Path $deps 'python')
        try { $here = @(Test-DependencyPinning) } finally { Pop-Location }
        $here.Count | Should -BeGreaterThan 0
        @(Test-DependencyPinning -Path (Join-Path $deps 'python/requirements*.txt')).Count | Should -Be $here.Count
        @(Get-ChildItem -LiteralPath (Join-Path $deps 'python') -File | Test-DependencyPinning).Count | Should -Be $here.Count
    }

    It 'reports a malformed file as one DependencyFileInvalid error naming file and line, and audits the rest' {
        $root = New-TestFolder
        try {
            New-Item -ItemType Directory -Path (Join-Path $root 'bad'), (Join-Path $root 'good') | Out-Null
            $bad = Join-Path $root 'bad/package-lock.json'
            Set-Content -LiteralPath $bad -Value "{`n  `"lockfileVersion`": 3,`n  `"packages`": {`n    `"node_modules/x`": {,`n"
            Set-Content -LiteralPath (Join-Path $root 'good/package.json') -Value '{ "dependencies": { "x": "latest" } }'
            $findings = @(Test-DependencyPinning -Path $root -ErrorAction SilentlyContinue -ErrorVariable problems)
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'DependencyFileInvalid,*'
            $problems[0].TargetObject | Should -Be $bad
            $problems[0].Exception.Message | Should -Match ([regex]::Escape("$($bad):4"))
            $findings.RuleId | Should -Be 'npm/DistTag'
        }
        finally { Remove-Item -LiteralPath $root -Recurse -Force }
    }

    It 'writes PathNotFound for a path that does not exist' {
        { Test-DependencyPinning -LiteralPath (Join-Path $deps 'no-such-folder') -ErrorAction Stop } |
            Should -Throw -ErrorId 'PathNotFound,SupplyChainTools.Commands.TestDependencyPinningCommand'
    }

    It 'refuses an -ActionPolicy value that is not hash-pin, ref-pin or any' {
        { Test-DependencyPinning -Path (Join-Path $deps 'python') -ActionPolicy @{ 'contoso/*' = 'tag' } } |
            Should -Throw -ErrorId 'InvalidActionPolicy,SupplyChainTools.Commands.TestDependencyPinningCommand'
        { Test-DependencyPinning -Path (Join-Path $deps 'python') -ActionPolicy @{ 'contoso/*' = 'ref-pin'; '*' = 'hash-pin' } } | Should -Not -Throw
    }

    It 'gives findings that survive a serialization round trip as strings and numbers' {
        $finding = Test-DependencyPinning -Path (Join-Path $deps 'nuget/Lib') | Where-Object Package -EQ 'Fabrikam.Range'
        $copy = Invoke-Roundtrip $finding
        $copy.PSObject.TypeNames | Should -Contain 'Deserialized.SupplyChainTools.DependencyFinding'
        $copy.RuleId | Should -Be 'NuGet/VersionRange'
        $copy.Severity | Should -Be 'Medium'
        $copy.Line | Should -Be 11
        $copy.Requested | Should -Be '[1.0,2.0)'
        ($copy | ConvertTo-Json | ConvertFrom-Json).Remediation | Should -Be $finding.Remediation
    }
}

Describe 'NuGet.Versioning beside PowerShell''s own copy' {
    It 'audits in a session where PSResourceGet already loaded its NuGet.Versioning' {
        if (-not (Get-Module -ListAvailable Microsoft.PowerShell.PSResourceGet)) {
            Set-ItResult -Skipped -Because 'this PowerShell has no PSResourceGet module'
            return
        }
        $lib = Join-Path $deps 'nuget/Lib'
        $result = Invoke-ChildPwsh ("Import-Module Microsoft.PowerShell.PSResourceGet; `$null = Find-PSResource -Name NoSuchModule -ErrorAction SilentlyContinue; " +
            "Import-Module '$(Get-ModuleUnderTest)'; (Test-DependencyPinning -LiteralPath '$lib').Count; " +
            "@([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'NuGet.Versioning' }).Count")
        $result.ExitCode | Should -Be 0 -Because $result.Output
        ($result.Output -split "`n" | Select-Object -Last 2) | Should -Be @('8', '2') -Because 'PSResourceGet keeps its copy in its own load context and the module loads its own'
    }
}

Describe 'Test-DependencySource' {
    It 'finds every problem of the insecure nuget.config and none in the good one' {
        $findings = @(Test-DependencySource -Path (Join-Path $deps 'nuget'))
        $findings.File | Sort-Object -Unique | Should -Be (Join-Path $deps 'nuget/insecure/NuGet.Config')
        ($findings.RuleId | Sort-Object) | Should -Be @(
            'NuGet/InsecureSource', 'NuGet/NoSourceMapping', 'NuGet/SignatureValidationNotRequired',
            'NuGet/SourcesNotCleared', 'NuGet/TlsValidationDisabled', 'NuGet/UntrustedRootAllowed')
        $findings | ForEach-Object { $_.Mitigation | Should -Be 'M1033' }
    }

    It 'checks the global packages folder against the mapping and approves listed sources' {
        $gpf = Join-Path $deps 'nuget/gpf'
        $restored = Test-DependencySource -Path (Join-Path $deps 'nuget/App') -GlobalPackagesFolder $gpf
        $restored.RuleId | Should -Be 'NuGet/RestoredFromUnexpectedSource'
        $restored.Package | Should -Be 'Contoso.Floating'
        $restored.Resolved | Should -Be 'https://api.nuget.org/v3/index.json'
        { Test-DependencySource -Path (Join-Path $deps 'nuget/App') -GlobalPackagesFolder (Join-Path $deps 'no-such-folder') } |
            Should -Throw -ErrorId 'FolderNotFound,SupplyChainTools.Commands.TestDependencySourceCommand'
    }

    It 'reports internal npm names from the public registry and pip extra indexes' {
        $npm = Test-DependencySource -Path (Join-Path $deps 'npm') -InternalPackagePattern '@scope/*'
        $npm.RuleId | Should -Be 'npm/InternalPackageFromPublicRegistry'
        $npm.Line | Should -Be 26
        $pip = @(Test-DependencySource -Path (Join-Path $deps 'python') -AllowedSource 'https://pypi.example.invalid/simple')
        ($pip.RuleId | Sort-Object) | Should -Be @('PyPI/ExtraIndexUrl', 'PyPI/InsecureIndex', 'PyPI/TrustedHost', 'PyPI/UnapprovedIndex')
    }
}
