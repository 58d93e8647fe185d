# Keeps README.md true: every ```powershell block runs against the built module from the repository root,
# without a terminating or unexpected error, and prints what the README shows it printing.
BeforeDiscovery {
    $readme = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../README.md') -Raw
    $pattern = '(?ms)^```powershell\r?\n(?<code>.*?)^```\r?\n(?:```\r?\n(?<output>.*?)^```)?'
    $script:examples = @([regex]::Matches($readme, $pattern) | ForEach-Object {
        @{ Code = $_.Groups['code'].Value; Shown = $_.Groups['output'].Value }
    })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

Describe 'README examples' {
    It 'has examples to run' {
        $examples.Count | Should -BeGreaterOrEqual 4
    }

    It 'runs: <Code>' -ForEach $examples {
        # (Not $Output: PowerShell names are case-blind, so the output would overwrite what the README shows.)
        $printed = Invoke-DocumentedCode -Command $Code -Root $repoRoot
        $printed.Trim() | Should -Not -BeNullOrEmpty
        if ($Shown) {
            Assert-DocumentedOutput -Actual $printed -Expected $Shown
        }
    }
}
