# The scheduled audit script (examples/Invoke-SupplyChainAudit.ps1) run as a scheduler runs it: a child pwsh with
# -File, no terminal, output redirected. Checks exit codes, the JSON report and the text summary.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:auditScript = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/Invoke-SupplyChainAudit.ps1')).Path
    $script:modulePath = Get-ModuleUnderTest
    $script:runtime = Split-Path -Parent ([object].Assembly.Location)
    $script:pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $script:pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }

    function Invoke-Audit([string] $Tree, [string] $Baseline, [string] $Reports) {
        $output = $null | & $pwsh @pwshArgs -NoProfile -NonInteractive -File $auditScript -Path $Tree -BaselinePath $Baseline -ReportFolder $Reports -ModulePath $modulePath 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String); Report = Get-Content -LiteralPath (Join-Path $Reports 'latest.json') -Raw | ConvertFrom-Json }
    }
}

Describe 'The scheduled audit script' {
    BeforeAll {
        $script:work = New-TestFolder
        $script:tree = Join-Path $work 'app'
        New-Item -ItemType Directory -Path $tree | Out-Null
        Get-ChildItem -LiteralPath $runtime -Filter 'System.Collections*.dll' | Copy-Item -Destination $tree
        $script:baseline = Join-Path $work 'state/app.baseline'
        New-Item -ItemType Directory -Path (Split-Path $baseline) | Out-Null
        $script:reports = Join-Path $work 'reports'
    }

    AfterAll {
        Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'records the baseline on the first run and exits 0' {
        $run = Invoke-Audit $tree $baseline $reports
        $run.ExitCode | Should -Be 0 -Because $run.Output
        Test-Path -LiteralPath $baseline | Should -BeTrue
        $run.Report.Drift.FirstRun | Should -BeTrue
        $run.Report.Signatures.Verified | Should -BeGreaterThan 2
        $run.Report.Signatures.Failures.Count | Should -Be 0
    }

    It 'exits 0 on an unchanged tree, writes a JSON report and a text summary, and draws no progress' {
        $run = Invoke-Audit $tree $baseline $reports
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Report.Drift.FirstRun | Should -BeFalse
        $run.Report.Drift.ExitCode | Should -Be 0
        @(Get-ChildItem -LiteralPath $reports -Filter 'audit-*.txt').Count | Should -BeGreaterOrEqual 1
        $run.Output | Should -Match 'exit code 0'
        $run.Output | Should -Not -Match ([regex]::Escape([char]27 + '['))
    }

    It 'reports tampering with the documented bits: added 1, removed 2, changed 4, critical 8' {
        $files = @(Get-ChildItem -LiteralPath $tree -Filter *.dll | Sort-Object Name)
        $victim = $files[0].FullName
        $stamp = (Get-Item -LiteralPath $victim).LastWriteTimeUtc
        $bytes = [IO.File]::ReadAllBytes($victim)
        $bytes[0x400] = $bytes[0x400] -bxor 0xFF
        [IO.File]::WriteAllBytes($victim, $bytes)
        (Get-Item -LiteralPath $victim).LastWriteTimeUtc = $stamp
        Remove-Item -LiteralPath $files[1].FullName
        Copy-Item -LiteralPath (Get-FixturePath 'authenticode/pe/unsigned.exe') -Destination (Join-Path $tree 'helper.dll')

        $run = Invoke-Audit $tree $baseline $reports
        $run.ExitCode | Should -Be 15 -Because $run.Output
        $changes = @($run.Report.Drift.Changes)
        ($changes | Where-Object Change -EQ 'SignatureBroken').Path | Should -Be $victim
        ($changes | Where-Object Change -EQ 'Removed').Path | Should -Be $files[1].FullName
        ($changes | Where-Object Change -EQ 'UnsignedAdded').Path | Should -Match 'helper\.dll$'
        ($run.Report.Signatures.Failures | Where-Object Path -EQ $victim).Status | Should -Be 'HashMismatch'
        $run.Output | Should -Match 'Critical SignatureBroken'
    }

    It 'sets bit 16 when the baseline has been tampered with' {
        $text = [IO.File]::ReadAllText($baseline)
        [IO.File]::WriteAllText($baseline, $text.Replace('System.Collections', 'System.Collectionz'))
        $run = Invoke-Audit $tree $baseline $reports
        ($run.ExitCode -band 16) | Should -Be 16 -Because $run.Output
        $run.Report.Drift.BaselineTrusted | Should -BeFalse
        $run.Report.Drift.Problem | Should -Not -BeNullOrEmpty
    }

    It 'exits 32 when the module cannot be loaded' {
        $null | & $pwsh @pwshArgs -NoProfile -NonInteractive -File $auditScript -Path $tree -BaselinePath $baseline -ReportFolder $reports -ModulePath (Join-Path $work 'no-such-module.psd1') 2>&1 | Out-Null
        $LASTEXITCODE | Should -Be 32
    }
}

Describe 'The scheduled audit as its schedulers start it' {
    BeforeAll {
        $script:work = New-TestFolder
        $script:first = Join-Path $work 'contoso'
        $script:second = Join-Path $work 'local-bin'
        foreach ($folder in $first, $second) {
            New-Item -ItemType Directory -Path $folder | Out-Null
        }
        Get-ChildItem -LiteralPath $runtime -Filter 'System.Collections.Concurrent.dll' | Copy-Item -Destination $first
        Get-ChildItem -LiteralPath $runtime -Filter 'System.Collections.Specialized.dll' | Copy-Item -Destination $second

        # ExecStart of the shipped unit, continuation lines joined and split into words as systemd does (it has no quotes).
        $unit = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../examples/systemd/supplychain-audit.service') -Raw
        $execStart = ([regex]::Match($unit.Replace("\`r`n", ' ').Replace("\`n", ' '), '(?m)^ExecStart=(.+)$')).Groups[1].Value
        $script:unitWords = @($execStart -split '\s+' | Where-Object { $_ })
    }

    AfterAll {
        Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'runs the systemd unit''s exact command line: both folders audited, the state folder created, later runs clean' {
        $unitWords[0] | Should -Be '/usr/bin/pwsh'
        $substitutions = [ordered]@{
            '/opt/supplychaintools/Invoke-SupplyChainAudit.ps1' = $auditScript
            '/opt/contoso' = $first
            '/usr/local/bin' = $second
            '/var/lib/supplychaintools' = (Join-Path $work 'var-lib')
            '/var/log/supplychaintools' = (Join-Path $work 'var-log')
        }
        $arguments = foreach ($word in $unitWords | Select-Object -Skip 1) {
            foreach ($entry in $substitutions.GetEnumerator()) { $word = $word.Replace($entry.Key, $entry.Value) }
            $word
        }
        $arguments = @($arguments) + @('-ModulePath', $modulePath)
        foreach ($run in 1..2) {
            $output = $null | & $pwsh @pwshArgs @arguments 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 0 -Because "run $run of the unit's command line: $output"
            $report = Get-Content -LiteralPath (Join-Path $work 'var-log/latest.json') -Raw | ConvertFrom-Json
            @($report.Paths) | Should -Be @($first, $second)
            $report.Drift.FirstRun | Should -Be ($run -eq 1)
        }
        Test-Path -LiteralPath (Join-Path $work 'var-lib/golden.baseline') | Should -BeTrue
    }

    It 'refuses a second word after -Path with exit 32 instead of binding it to another parameter' {
        $reports = Join-Path $work 'refused-reports'
        $output = $null | & $pwsh @pwshArgs -NoProfile -NonInteractive -File $auditScript -Path $first $second -BaselinePath (Join-Path $work 'refused/b.baseline') -ReportFolder $reports -ModulePath $modulePath 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 32 -Because $output
        $output | Should -Match ([regex]::Escape($second))
        $output | Should -Match '-Path /opt/a,/opt/b'
        Test-Path -LiteralPath (Join-Path $work 'refused/b.baseline') | Should -BeFalse
    }

    It 'creates the baseline''s folder on a first run on a fresh host' {
        $baseline = Join-Path $work 'fresh/var/lib/sct/app.baseline'
        $run = Invoke-Audit $first $baseline (Join-Path $work 'fresh-reports')
        $run.ExitCode | Should -Be 0 -Because $run.Output
        Test-Path -LiteralPath $baseline | Should -BeTrue
        $run.Report.Drift.FirstRun | Should -BeTrue
    }

    It 'exits 32 with a report that says why when the baseline cannot be recorded' {
        $blocker = Join-Path $work 'a-file'
        Set-Content -LiteralPath $blocker -Value 'not a folder'
        $reports = Join-Path $work 'blocked-reports'
        $run = Invoke-Audit $first (Join-Path $blocker 'app.baseline') $reports
        $run.ExitCode | Should -Be 32 -Because $run.Output
        $run.Report.ExitCode | Should -Be 32
        "$($run.Report.Errors)" | Should -Match ([regex]::Escape($blocker))
    }

    It 'tells the truth in its help about the first run''s exit code, and a first run with a broken signature exits 8' {
        $description = (Get-Help $auditScript -Full).description.Text -join "`n"
        $description | Should -Match 'The first run.*records the baseline'
        $description | Should -Match 'it exits 0, or 8 when a signature that is present is not valid, or 32 when the\s+baseline could not be recorded'
        $tampered = Join-Path $work 'tampered'
        New-Item -ItemType Directory -Path $tampered | Out-Null
        $victim = Join-Path $tampered 'System.Collections.Concurrent.dll'
        Copy-Item -LiteralPath (Join-Path $runtime 'System.Collections.Concurrent.dll') -Destination $victim
        $bytes = [IO.File]::ReadAllBytes($victim)
        $bytes[0x400] = $bytes[0x400] -bxor 0xFF
        [IO.File]::WriteAllBytes($victim, $bytes)
        $run = Invoke-Audit $tampered (Join-Path $work 'tampered-state/t.baseline') (Join-Path $work 'tampered-reports')
        $run.ExitCode | Should -Be 8 -Because $run.Output
        $run.Report.Drift.FirstRun | Should -BeTrue
    }
}
