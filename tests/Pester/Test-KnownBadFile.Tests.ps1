BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:indicators = Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES 'indicators'
    $script:samples = Join-Path $indicators 'samples'
    $script:all = 'hashes.txt', 'malwarebazaar.csv', 'bundle.stix.json' | ForEach-Object { Join-Path $indicators $_ }
}

Describe 'Test-KnownBadFile' {
    It 'finds every listed sample by the algorithm its list uses, and nothing else' {
        $found = @(Test-KnownBadFile -LiteralPath $samples -Recurse -IndicatorPath $all)
        $found.Name | Should -Be 'sample-a.bin', 'sample-b.bin', 'sample-c.bin', 'sample-d.bin', 'sample-e.bin'
        $found.Algorithm | Should -Be 'SHA256', 'SHA256', 'MD5', 'SHA1', 'SHA256'
        foreach ($match in $found) {
            $match.Hash | Should -Be (Get-FileHash -LiteralPath $match.Path -Algorithm $match.Algorithm).Hash
        }
        ($found | Where-Object Name -EQ 'sample-d.bin').IndicatorSource | Should -Match 'bundle\.stix\.json:\d+ indicator--8e2e2d2b'
    }

    It 'matches the same files whether the hashes are written in upper or lower case' {
        $list = Join-Path (New-TestFolder) 'upper.txt'
        (Get-FileHash -LiteralPath (Join-Path $samples 'sample-a.bin')).Hash.ToUpperInvariant() | Set-Content -LiteralPath $list
        (Test-KnownBadFile -LiteralPath $samples -Recurse -IndicatorPath $list).Name | Should -Be 'sample-a.bin'
    }

    It 'reports an unreadable indicator file and sweeps with the others' {
        $bad = Join-Path (New-TestFolder) 'broken.json'
        Set-Content -LiteralPath $bad -Value '{"type": "bundle", "objects": ['
        $found = @(Test-KnownBadFile -LiteralPath $samples -Recurse -IndicatorPath $bad, $all[0], (Join-Path $indicators 'missing.txt') -ErrorVariable problems -ErrorAction SilentlyContinue)
        $found.Count | Should -Be 2
        $problems.FullyQualifiedErrorId | Sort-Object | Should -Be 'IndicatorFileInvalid,SupplyChainTools.Commands.TestKnownBadFileCommand', 'IndicatorFileNotFound,SupplyChainTools.Commands.TestKnownBadFileCommand'
    }

    It 'stops with NoIndicators when the files hold no file hash and no action commit' {
        $empty = Join-Path (New-TestFolder) 'notes.txt'
        Set-Content -LiteralPath $empty -Value 'hxxp://203.0.113.7/payload', 'tj-actions/changed-files@v45'
        { Test-KnownBadFile -LiteralPath $samples -Recurse -IndicatorPath $empty -ErrorAction Stop } | Should -Throw -ErrorId 'NoIndicators,SupplyChainTools.Commands.TestKnownBadFileCommand'
    }

    It 'finds workflows and actions pinned to a known-bad commit, with their line' {
        $actionsOnly = Join-Path (New-TestFolder) 'actions.txt'
        Set-Content -LiteralPath $actionsOnly -Value 'tj-actions/changed-files@0e58ed8671d6b60d0890c21b07f8835ace038e67'
        $found = @(Test-KnownBadFile -LiteralPath (Join-Path $indicators 'workflows') -Recurse -IndicatorPath $actionsOnly | Sort-Object Line)
        $found.Name | Should -Be 'action.yml', 'changed-files.yml'
        $found.Line | Should -Be 8, 18
        $found.Action | Should -Be 'tj-actions/changed-files', 'tj-actions/changed-files'
        $found.Algorithm | Should -Be 'GitCommit', 'GitCommit'
        $found.Hash | Should -Be '0e58ed8671d6b60d0890c21b07f8835ace038e67', '0e58ed8671d6b60d0890c21b07f8835ace038e67'
        $found[0].IndicatorSource | Should -Match 'actions\.txt:1$'
        (Invoke-Roundtrip $found[1] -Depth 1).Line | Should -Be 18
    }

    It 'answers the known-bad action question from the same indicator files' {
        $set = [SupplyChainTools.Core.Indicators.IndicatorSet]::Read([string[]]$all, { param($e, $p) throw $e }, $null, [System.Threading.CancellationToken]::None)
        $set.FindKnownBadAction('tj-actions/changed-files@0e58ed8671d6b60d0890c21b07f8835ace038e67').Name | Should -Match 'tj-actions/changed-files compromise'
        $set.FindKnownBadAction('tj-actions/changed-files@v46') | Should -BeNullOrEmpty
    }

    It 'survives a serialization round trip with its table columns' {
        $match = Test-KnownBadFile -LiteralPath (Join-Path $samples 'sample-e.bin') -IndicatorPath $all[2]
        $copy = Invoke-Roundtrip $match -Depth 1
        $copy.Name | Should -Be 'sample-e.bin'
        $copy.Directory | Should -Be $samples
        $copy.IndicatorName | Should -Be 'sample-e.bin'
    }
}
