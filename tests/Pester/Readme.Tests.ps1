# Keeps README.md true: every ```powershell block runs against the built module from the repository root,
# without a terminating or unexpected error, and prints what the README shows it printing.
BeforeDiscovery {
    $readme = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../README.md') -Raw
    $pattern = '(?ms)^```powershell\r?\n(?<code>.*?)^```\r?\n(?:```\r?\n(?<output>.*?)^```)?'
    $script:examples = @([regex]::Matches($readme, $pattern) | ForEach-Object {
        @{ Code = $_.Groups['code'].Value; Output = $_.Groups['output'].Value }
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
        Push-Location $repoRoot
        try {
            $ErrorActionPreference = 'Stop'
            $output = & ([scriptblock]::Create($Code)) | Out-String -Width 250
        }
        finally {
            Pop-Location
        }
        $output.Trim() | Should -Not -BeNullOrEmpty
        if ($Output) {
            # The first line of shown output that names no machine-specific path or time must appear verbatim.
            $stable = ($Output -split "`r?`n") | Where-Object { $_.Trim() -and $_ -notmatch '/home/user/|LastWriteTimeUtc' } | Select-Object -First 1
            if ($stable) {
                $output | Should -Match ([regex]::Escape($stable.Trim()))
            }
        }
    }
}
