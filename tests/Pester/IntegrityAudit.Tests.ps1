# The Demo's audit (examples/Invoke-IntegrityAudit.ps1, what `build.ps1 -Task Demo` runs) against small trees,
# run as the Demo runs it: a child pwsh with -File, output captured.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:demoScript = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/Invoke-IntegrityAudit.ps1')).Path
    $script:modulePath = Get-ModuleUnderTest
    $script:runtime = Split-Path -Parent ([object].Assembly.Location)
    $script:pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $script:pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }

    function Invoke-Demo([string] $Tree, [string] $Reports, [switch] $AcceptChanges) {
        [string[]] $accept = if ($AcceptChanges) { '-AcceptChanges' } else { @() }
        $output = $null | & $pwsh @pwshArgs -NoProfile -NonInteractive -File $demoScript -ModulePath $modulePath -Path $Tree -ReportFolder $Reports @accept 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }

    function New-DemoTree([string] $Path) {
        New-Item -ItemType Directory -Path $Path | Out-Null
        Get-ChildItem -LiteralPath $runtime -Filter 'System.Collections.Concurrent.dll' | Copy-Item -Destination $Path
        Set-Content -LiteralPath (Join-Path $Path 'readme.txt') -Value 'read me'
        Set-Content -LiteralPath (Join-Path $Path 'data.json') -Value '{}'
    }
}

Describe 'The Demo audit' {
    BeforeEach {
        $script:work = New-TestFolder
        $script:tree = Join-Path $work 'app'
        New-DemoTree $tree
        $script:reports = Join-Path $work 'demo'
    }

    AfterEach {
        Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'says what a first run did, counts files that cannot carry a signature apart, and reports drift until it is accepted' {
        $run = Invoke-Demo $tree $reports
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'First run: recorded 3 files'
        $run.Output | Should -Not -Match '0 changed, 0 missing, 0 added'
        $run.Output | Should -Match '1 valid, 0 not signed, 0 present but not valid; 2 files cannot carry a signature'
        $run.Output | Should -Not -Match '\d+ NotSupportedFileFormat'

        Add-Content -LiteralPath (Join-Path $tree 'readme.txt') -Value 'tampered'
        Set-Content -LiteralPath (Join-Path $tree 'dropped.txt') -Value 'new'
        foreach ($attempt in 1..2) {
            $run = Invoke-Demo $tree $reports
            $run.ExitCode | Should -Be 3 -Because "run $attempt after the change: $($run.Output)"
            $run.Output | Should -Match '1 changed, 0 missing, 1 added'
            $run.Output | Should -Match 'CHANGED: .*readme\.txt'
            $run.Output | Should -Match 'until you accept it: review it, then run the same command with -AcceptChanges'
        }
        $accepted = Invoke-Demo $tree $reports -AcceptChanges
        $accepted.ExitCode | Should -Be 0 -Because $accepted.Output
        $accepted.Output | Should -Match 'Accepted'
        $after = Invoke-Demo $tree $reports
        $after.ExitCode | Should -Be 0 -Because $after.Output
        $after.Output | Should -Match '0 changed, 0 missing, 0 added'
    }

    It 'audits a symbolic link that leaves the folder as a link, run after run' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'creating symbolic links on Windows needs an elevated or developer-mode session'; return }
        $outside = Join-Path $work 'outside.txt'
        Set-Content -LiteralPath $outside -Value 'outside'
        New-Item -ItemType SymbolicLink -Path (Join-Path $tree 'escape') -Target $outside | Out-Null
        $first = Invoke-Demo $tree $reports
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $first.Output | Should -Match ('LINK OUTSIDE THE FOLDER: escape -> ' + [regex]::Escape($outside))
        $again = Invoke-Demo $tree $reports
        $again.ExitCode | Should -Be 0 -Because "the second run, with the link unchanged: $($again.Output)"
        Remove-Item -LiteralPath (Join-Path $tree 'escape')
        New-Item -ItemType SymbolicLink -Path (Join-Path $tree 'escape') -Target (Join-Path $work 'elsewhere.txt') | Out-Null
        $moved = Invoke-Demo $tree $reports
        $moved.ExitCode | Should -Be 1 -Because $moved.Output
        $moved.Output | Should -Match 'CHANGED: .*escape \(link, now -> .*elsewhere\.txt; was -> .*outside\.txt\)'
    }
}

Describe 'The Demo task' {
    It 'passes -AcceptChanges through to the audit and names it in the hint' {
        $build = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../build.ps1') -Raw
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($build, [ref] $null, [ref] $null)
        $ast.ParamBlock.Parameters.Name.VariablePath.UserPath | Should -Contain 'AcceptChanges'
        $build | Should -Match "'dotnet pwsh ./build.ps1 -Task Demo'.*' -AcceptChanges'"
    }
}
