# The documents beside the help: the about_ topic covers every cmdlet, the documents cite only files the
# repository has, and the baseline format's table of changes is the one the code applies.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:documents = @(Get-ChildItem -LiteralPath (Join-Path $repoRoot 'docs') -Filter *.md) + @(Get-ChildItem -LiteralPath (Join-Path $repoRoot 'module/en-US') -Filter 'about_*.txt')
}

Describe 'Documents' {
    It 'about_SupplyChainTools describes every cmdlet the module exports' {
        $about = Get-Content -LiteralPath (Join-Path $repoRoot 'module/en-US/about_SupplyChainTools.help.txt') -Raw
        foreach ($name in (Get-Command -Module SupplyChainTools -CommandType Cmdlet).Name) {
            $about | Should -Match "(?m)^\s{4}$([regex]::Escape($name))\s*$" -Because "the topic must describe $name"
        }
    }

    It '<_>: every document it cites is in the repository' -ForEach @('docs/baseline-format.md', 'module/en-US/about_SupplyChainTools.help.txt', 'module/en-US/about_SoftwareBaselines.help.txt') {
        $text = Get-Content -LiteralPath (Join-Path $repoRoot $_) -Raw
        foreach ($cited in [regex]::Matches($text, '[\w./-]+\.md\b') | ForEach-Object Value | Sort-Object -Unique) {
            $found = (Test-Path -LiteralPath (Join-Path $repoRoot $cited)) -or (Test-Path -LiteralPath (Join-Path (Split-Path -Parent (Join-Path $repoRoot $_)) $cited))
            $found | Should -BeTrue -Because "$_ cites '$cited'"
        }
    }

    It 'docs/baseline-format.md lists every change kind with the severity and exit bits the code gives it' {
        $text = Get-Content -LiteralPath (Join-Path $repoRoot 'docs/baseline-format.md') -Raw
        $core = (Get-FileIntegrity -LiteralPath (Get-FixturePath 'checksums/tool-1.0.zip')).PSObject.BaseObject.GetType().Assembly
        $kinds = $core.GetType('SupplyChainTools.Core.Baselines.BaselineChangeKind', $true)
        foreach ($kind in $kinds::All) {
            $bits = $kinds::ExitBitsOf($kind)
            $shownBits = if ($bits -eq 0) { 'none' } else { (@(1, 2, 4, 8, 16) | Where-Object { $bits -band $_ }) -join ', ' }
            $text | Should -Match ('(?m)^\| `{0}` \| {1} \| {2} \|' -f $kind, $kinds::SeverityOf($kind), [regex]::Escape($shownBits))
        }
    }
}
