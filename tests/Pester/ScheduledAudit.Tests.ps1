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
