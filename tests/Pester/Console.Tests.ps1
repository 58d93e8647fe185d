# What the console shows: no escape codes in redirected output, progress with a percentage and the time left
# where the total is known (and none where nobody watches), and the default views in a real 80-column terminal.
BeforeDiscovery {
    $script:hasTmux = [bool](Get-Command tmux -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:modulePath = Get-ModuleUnderTest
    $script:fixtures = $env:SUPPLYCHAINTOOLS_FIXTURES
    $script:escape = [regex]::Escape([string][char]27)
    # A table, three errors and a warning: every kind of output PowerShell colours.
    $script:colourful = "Import-Module '$modulePath'; Test-FileIntegrity -ChecksumFile '$fixtures/checksums/SHA256SUMS.hostile'; Test-FileIntegrity -ChecksumFile '$fixtures/checksums/SHA256SUMS'; Write-Warning 'done'"

    function New-SlowTree {
        # Sparse files (no disk used) large enough that hashing them one at a time takes about five seconds on
        # this machine, so the progress reporter's first quiet second passes with room to spare. The probe is
        # timed after a first, untimed hash, which pays for loading and compiling the code.
        $folder = New-TestFolder
        $probe = Join-Path $folder 'probe.bin'
        $stream = [IO.File]::Create($probe); $stream.SetLength(128MB); $stream.Dispose()
        $null = Get-FileIntegrity -LiteralPath $probe
        $seconds = (Measure-Command { Get-FileIntegrity -LiteralPath $probe }).TotalSeconds
        Remove-Item -LiteralPath $probe
        $count = [Math]::Min(400, [Math]::Max(16, [int][Math]::Ceiling(5 / [Math]::Max($seconds, 0.001))))
        foreach ($i in 1..$count) {
            $stream = [IO.File]::Create((Join-Path $folder ('file{0:D3}.bin' -f $i))); $stream.SetLength(128MB); $stream.Dispose()
        }
        return $folder
    }

    function Get-ProgressRecords([scriptblock] $Script, [object[]] $Arguments) {
        # A hosted runspace collects progress records instead of drawing them.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $modulePath).AddStatement()
            $null = $ps.AddScript($Script.ToString())
            foreach ($argument in $Arguments) { $null = $ps.AddArgument($argument) }
            $null = $ps.Invoke()
            return @($ps.Streams.Progress)
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Colour' {
    It 'writes no escape codes when output is redirected' {
        $run = Invoke-ChildPwsh $colourful
        $run.Output | Should -Match 'Status\s+Algorithm' -Because 'the table is there'
        $run.Output | Should -Match 'ChecksumEntryRefused|was refused' -Because 'the errors are there'
        $run.Output | Should -Not -Match $escape
    }

    It 'writes no escape codes with NO_COLOR set' {
        $run = Invoke-ChildPwsh $colourful -Environment @{ NO_COLOR = '1' }
        $run.Output | Should -Not -Match $escape
    }

    It "keeps the user's own choice of ANSI output" {
        $run = Invoke-ChildPwsh "`$PSStyle.OutputRendering = 'Ansi'; $colourful"
        $run.Output | Should -Match $escape
    }
}

Describe 'Progress' {
    BeforeAll {
        $script:slow = New-SlowTree
        $script:files = @(Get-ChildItem -LiteralPath $slow -File | Sort-Object Name)
        $script:manifest = Join-Path $slow 'SHA256SUMS'
        $files | ForEach-Object { ('0' * 64) + '  ' + $_.Name } | Set-Content -LiteralPath $manifest
    }

    AfterAll {
        Remove-Item -LiteralPath $script:slow -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'Test-FileIntegrity shows a percentage and the time left: it knows the manifest line count' {
        $records = Get-ProgressRecords { param($m) Test-FileIntegrity -ChecksumFile $m -ThrottleLimit 1 } $manifest
        $running = @($records | Where-Object RecordType -EQ 'Processing')
        $running.Count | Should -BeGreaterThan 0
        $running | ForEach-Object { $_.PercentComplete | Should -BeIn (0..100); $_.SecondsRemaining | Should -BeGreaterOrEqual 0 }
        $running[-1].StatusDescription | Should -Match "of $($files.Count) files"
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'Compare-SoftwareBaseline shows a percentage and the time left: it knows the baseline entry count' {
        $baseline = Join-Path (New-TestFolder) 'slow.scbl'
        $null = New-SoftwareBaseline -LiteralPath $slow -OutFile $baseline -Exclude SHA256SUMS
        $records = Get-ProgressRecords { param($b) Compare-SoftwareBaseline -ReferenceBaseline $b -ThrottleLimit 1 } $baseline
        $running = @($records | Where-Object RecordType -EQ 'Processing')
        $running.Count | Should -BeGreaterThan 0
        # (The comparison may hash ahead of what it reports, so the time left can already be 0.)
        $running | ForEach-Object { $_.PercentComplete | Should -BeIn (0..100); $_.SecondsRemaining | Should -BeGreaterOrEqual 0 }
    }

    It 'a folder walk, whose total is unknown, shows counts but no percentage' {
        $records = Get-ProgressRecords { param($f) Get-FileIntegrity -LiteralPath $f -Recurse -ThrottleLimit 1 } $slow
        $running = @($records | Where-Object RecordType -EQ 'Processing')
        $running.Count | Should -BeGreaterThan 0
        $running | ForEach-Object { $_.PercentComplete | Should -Be -1; $_.SecondsRemaining | Should -Be -1 }
    }

    It 'writes no progress at all from a console whose output is redirected' {
        # With $ProgressPreference = 'Stop' the first progress record would stop the command.
        $command = "Import-Module '$modulePath'; `$ProgressPreference = 'Stop'; " +
            "`$checked = @(Test-FileIntegrity -ChecksumFile '$manifest' -ThrottleLimit 1); 'checked: ' + `$checked.Count"
        $run = Invoke-ChildPwsh $command
        $run.Output | Should -Match "checked: $($files.Count)" -Because $run.Output
    }
}

Describe 'A real 80-column terminal' -Skip:(-not $hasTmux) {
    BeforeAll {
        $script:session = 'sct-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:done = Join-Path (New-TestFolder) 'done'
        $pwsh = (@(Get-PwshCommand) | ForEach-Object { "'$_'" }) -join ' '
        $script:screen = Join-Path (Split-Path -Parent $done) 'screen.ps1'
        @"
Import-Module '$modulePath'
`$pki = '$fixtures/authenticode/pki'
Get-FileIntegrity -LiteralPath '$fixtures/checksums' -Recurse -Include *.zip | Out-Host
Test-FileIntegrity -ChecksumFile '$fixtures/checksums/SHA256SUMS' | Out-Host
Test-AuthenticodeChain -Path '$fixtures/authenticode/pe/*.exe' -TrustedRootCertificate "`$pki/CACert.pem", "`$pki/TSACA.pem" -NoDefaultTrust -VerificationTime 2019-09-01 | Out-Host
Test-AuthenticodeChain -Path (Join-Path (Split-Path -Parent ([object].Assembly.Location)) 'System.Runtime.*.dll') | Select-Object -First 3 | Out-Host
Set-Content -LiteralPath '$done' -Value ([Console]::WindowWidth)
"@ | Set-Content -LiteralPath $screen
        & tmux new-session -d -s $session -x 80 -y 200 "$pwsh -NoProfile -File '$screen'; sleep 60"
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while (-not (Test-Path -LiteralPath $done) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 250 }
        $script:pane = (& tmux capture-pane -p -J -t $session -S - -E -) -join "`n"
        $script:paneWidth = if (Test-Path -LiteralPath $done) { (Get-Content -LiteralPath $done -Raw).Trim() } else { 'none' }
    }

    AfterAll {
        & tmux kill-session -t $script:session 2>$null
    }

    It 'is 80 columns wide' {
        $paneWidth | Should -Be '80' -Because $pane
    }

    It 'shows every header whole, cuts nothing to an ellipsis and keeps every line within 80 columns' {
        foreach ($header in 'Hash\s+Name', 'Status\s+Algorithm\s+Name', 'Status\s+Signer\s+Name') {
            $pane | Should -Match "(?m)^$header\s*$"
        }
        $pane | Should -Not -Match ([char]0x2026)
        $pane | Should -Match 'Directory: ' -Because 'each file is named under its folder'
        foreach ($line in $pane -split "`n") { $line.TrimEnd().Length | Should -BeLessOrEqual 80 -Because $line }
        $pane | Should -Match 'System\.Runtime\.CompilerServices\.'
        ($pane -replace '\s', '') | Should -Match 'System\.Runtime\.CompilerServices\.Unsafe\.dll'
    }
}
