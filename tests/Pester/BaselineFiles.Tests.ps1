# What the baseline cmdlets leave on disk: never a file overwritten without -Force, nothing written under -WhatIf,
# and no temporary file left behind, whether the run fails, is stopped by SIGTERM (systemd's stop) or was killed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:modulePath = Get-ModuleUnderTest
    $script:pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $script:pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }

    function Get-Leftover([string] $OutFile) {
        $name = Split-Path -Leaf $OutFile
        @(Get-ChildItem -LiteralPath (Split-Path -Parent $OutFile) -Force -File | Where-Object { $_.Name.StartsWith(".$name.tmp-", [StringComparison]::Ordinal) })
    }

    # A child pwsh recording a baseline of $Tree, one file at a time; returns once its temporary file exists.
    function Start-SlowBaseline([string] $Tree, [string] $OutFile) {
        $start = [Diagnostics.ProcessStartInfo]::new($pwsh)
        foreach ($argument in $pwshArgs + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$modulePath'; New-SoftwareBaseline -LiteralPath '$Tree' -OutFile '$OutFile' -ThrottleLimit 1")) {
            $start.ArgumentList.Add($argument)
        }
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        while ((Get-Leftover $OutFile).Count -eq 0) {
            if ($process.HasExited) { throw "The child pwsh ended before it began writing: $($process.StandardError.ReadToEnd())" }
            if ($clock.Elapsed.TotalSeconds -gt 60) { $process.Kill(); throw 'The child pwsh did not begin writing within 60 s.' }
            Start-Sleep -Milliseconds 50
        }
        return $process
    }

    # Sparse files: gigabytes to hash (seconds of work however fast the disk) in no disk space.
    function New-SlowTree([string] $Path) {
        New-Item -ItemType Directory -Path $Path | Out-Null
        foreach ($i in 1..8) {
            $stream = [IO.File]::Create((Join-Path $Path "big$i.bin"))
            $stream.SetLength(4GB)
            $stream.Dispose()
        }
    }
}

Describe 'Baseline cmdlets never overwrite a file without -Force' {
    BeforeAll {
        $script:work = New-TestFolder
        $script:tree = Join-Path $work 'app'
        New-Item -ItemType Directory -Path $tree | Out-Null
        Set-Content -LiteralPath (Join-Path $tree 'a.txt') -Value 'a'
        $script:reference = Join-Path $work 'app.scbl'
        $null = New-SoftwareBaseline -LiteralPath $tree -OutFile $reference
        Add-Content -LiteralPath (Join-Path $tree 'a.txt') -Value 'changed'
        $script:changes = @(Compare-SoftwareBaseline -ReferenceBaseline $reference)
    }

    AfterAll {
        Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'Update-SoftwareBaseline refuses an existing -OutFile with BaselineExists and leaves it as it was' {
        $sums = Join-Path $work 'SHA256SUMS'
        Set-Content -LiteralPath $sums -Value 'd4fa420a97e975e3382ad64b1c87192e38ef0edf5fc14d8c39cdfeaab6a4629a  tool-1.0.tar.gz'
        $before = Get-Content -LiteralPath $sums -Raw
        { $changes | Update-SoftwareBaseline -ReferenceBaseline $reference -OutFile $sums -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaselineExists,SupplyChainTools.Commands.UpdateSoftwareBaselineCommand'
        Get-Content -LiteralPath $sums -Raw | Should -BeExactly $before
        Get-Leftover $sums | Should -BeNullOrEmpty
    }

    It 'Update-SoftwareBaseline replaces an existing -OutFile with -Force, and the reference itself without it' {
        $other = Join-Path $work 'other.scbl'
        Set-Content -LiteralPath $other -Value 'old'
        $result = $changes | Update-SoftwareBaseline -ReferenceBaseline $reference -OutFile $other -Force
        $result.Entries | Should -Be 1
        (Get-Content -LiteralPath $other -TotalCount 1) | Should -Match '"format":"SupplyChainTools.Baseline"'

        $copy = Join-Path $work 'copy.scbl'
        Copy-Item -LiteralPath $reference -Destination $copy
        $own = @(Compare-SoftwareBaseline -ReferenceBaseline $copy)
        $result = $own | Update-SoftwareBaseline -ReferenceBaseline $copy -OutFile $copy
        $result.Path | Should -Be $copy
    }

    It 'honours -WhatIf: nothing is written, and the What if: line says what would have been' {
        $target = Join-Path $work 'whatif.scbl'
        # In a child pwsh, so the host's "What if:" line is captured here and not written into the test output.
        $command = "Import-Module '$modulePath'; " +
            "`$changes = @(Compare-SoftwareBaseline -ReferenceBaseline '$reference'); " +
            "`$changes | Update-SoftwareBaseline -ReferenceBaseline '$reference' -OutFile '$target' -WhatIf; " +
            "New-SoftwareBaseline -LiteralPath '$tree' -OutFile '$target' -WhatIf"
        $output = $null | & $pwsh @pwshArgs -NoProfile -NonInteractive -Command $command 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Match ('What if: Performing the operation "Write an updated software baseline from ''' + [regex]::Escape($reference))
        $output | Should -Match ('What if: Performing the operation "Record a software baseline of ' + [regex]::Escape($tree))
        Test-Path -LiteralPath $target | Should -BeFalse
        Get-Leftover $target | Should -BeNullOrEmpty
    }

    It 'refuses an -OutFile that is a folder, even with -Force, and leaves no temporary file' {
        $folder = Join-Path $work 'a-folder.scbl'
        New-Item -ItemType Directory -Path $folder | Out-Null
        { New-SoftwareBaseline -LiteralPath $tree -OutFile $folder -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaselineWriteFailed,SupplyChainTools.Commands.NewSoftwareBaselineCommand'
        Get-Leftover $folder | Should -BeNullOrEmpty
        { $changes | Update-SoftwareBaseline -ReferenceBaseline $reference -OutFile $folder -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaselineWriteFailed,SupplyChainTools.Commands.UpdateSoftwareBaselineCommand'
        Get-Leftover $folder | Should -BeNullOrEmpty
        Test-Path -LiteralPath $folder -PathType Container | Should -BeTrue
    }

    It 'refuses an -OutFile in a folder that does not exist, naming the folder' {
        $missing = Join-Path $work 'no-such-folder'
        { New-SoftwareBaseline -LiteralPath $tree -OutFile (Join-Path $missing 'x.scbl') -ErrorAction Stop } |
            Should -Throw -ErrorId 'BaselineWriteFailed,SupplyChainTools.Commands.NewSoftwareBaselineCommand' -ExpectedMessage "*'$missing', does not exist*"
    }
}

Describe 'No temporary file outlives a run' {
    BeforeAll {
        $script:work = New-TestFolder
        $script:slowTree = Join-Path $work 'slow'
        New-SlowTree $slowTree
        $script:smallTree = Join-Path $work 'small'
        New-Item -ItemType Directory -Path $smallTree | Out-Null
        Set-Content -LiteralPath (Join-Path $smallTree 'a.txt') -Value 'a'
    }

    AfterAll {
        Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'removes the temporary file when the process is stopped with SIGTERM (systemd stop)' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'Windows has no SIGTERM or SIGKILL to send to a child pwsh'; return }
        $outFile = Join-Path $work 'term.scbl'
        $process = Start-SlowBaseline $slowTree $outFile
        & kill -TERM $process.Id
        $process.WaitForExit(30000) | Should -BeTrue -Because 'SIGTERM ends the child'
        Test-Path -LiteralPath $outFile | Should -BeFalse -Because 'the run was stopped before it completed'
        (Get-Leftover $outFile).Name | Should -BeNullOrEmpty
    }

    It 'cleans up after a run killed with SIGKILL, and names in a warning what is not its own' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'Windows has no SIGTERM or SIGKILL to send to a child pwsh'; return }
        $outFile = Join-Path $work 'kill.scbl'
        $process = Start-SlowBaseline $slowTree $outFile
        $process.Kill()
        $process.WaitForExit(30000) | Should -BeTrue
        @(Get-Leftover $outFile).Count | Should -Be 1 -Because 'nothing in a process survives SIGKILL'

        $foreign = Join-Path $work '.kill.scbl.tmp-b149ff5c'
        Set-Content -LiteralPath $foreign -Value 'written by something else'
        $result = New-SoftwareBaseline -LiteralPath $smallTree -OutFile $outFile -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Entries | Should -Be 1
        (Get-Leftover $outFile).FullName | Should -Be $foreign
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -Match ([regex]::Escape($foreign))
    }
}
