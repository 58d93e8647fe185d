# The scheduled download audit (examples/Invoke-DownloadAudit.ps1) run as a scheduler runs it: a child pwsh with
# -File, no terminal. Keys are generated here by gpg in a temporary GNUPGHOME (never committed).
BeforeDiscovery {
    $script:noGpg = -not (Get-Command gpg -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:auditScript = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/Invoke-DownloadAudit.ps1')).Path
    $script:modulePath = Get-ModuleUnderTest
    $script:pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $script:pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }
    $script:work = New-TestFolder
    $script:gnupgHome = Join-Path $work 'gnupg'
    New-Item -ItemType Directory -Path $gnupgHome | Out-Null
    if (-not $IsWindows) { chmod 700 $gnupgHome }
    $script:downloads = Join-Path $work 'mirror/tool'
    New-Item -ItemType Directory -Path $downloads | Out-Null
    $script:reports = Join-Path $work 'state/downloads'

    function Invoke-Gpg { & gpg --homedir $gnupgHome --batch --yes --pinentry-mode loopback --passphrase '' @args 2>$null; if ($LASTEXITCODE) { throw "gpg $args failed" } }

    function New-GpgKey([string] $UserId) {
        Invoke-Gpg --quick-gen-key $UserId ed25519 sign never
        $listing = Invoke-Gpg --with-colons --fingerprint --list-keys $UserId
        $fingerprint = ($listing | Where-Object { $_ -like 'fpr:*' } | Select-Object -First 1).Split(':')[9]
        $file = Join-Path $work (($UserId -split ' ')[0] + '.asc')
        Invoke-Gpg --armor --output $file --export $fingerprint
        [pscustomobject]@{ Fingerprint = $fingerprint; File = $file }
    }

    function New-Release([string] $Name, [object] $Key) {
        $file = Join-Path $downloads $Name
        Set-Content -LiteralPath $file -Value "release $Name" -NoNewline
        Invoke-Gpg --local-user "$($Key.Fingerprint)!" --armor --output "$file.asc" --detach-sign $file
    }

    function Invoke-DownloadAudit([string[]] $Keys, [switch] $AcceptChanges) {
        $arguments = @('-Path', $downloads, '-TrustedKey', ($Keys -join ','), '-ReportFolder', $reports, '-ModulePath', $modulePath)
        if ($AcceptChanges) { $arguments += '-AcceptChanges' }
        $output = $null | & $pwsh @pwshArgs -NoProfile -NonInteractive -File $auditScript @arguments 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String); Report = Get-Content -LiteralPath (Join-Path $reports 'report.json') -Raw | ConvertFrom-Json }
    }

    if (-not $noGpg) {
        $script:vendor = New-GpgKey 'Vendor Release <release@example.org>'
        $script:newKey = New-GpgKey 'Helper <helper@example.org>'
        $script:stranger = New-GpgKey 'Stranger <stranger@example.org>'
    }
}

AfterAll {
    & gpgconf --homedir $script:gnupgHome --kill all 2>$null
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The scheduled download audit' {
    It 'records who signed the downloads on the first run and exits 0, in a folder that did not exist yet' -Skip:$noGpg {
        New-Release 'tool-5.6.0.tar.gz' $vendor
        $run = Invoke-DownloadAudit $vendor.File, $newKey.File
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Report.FirstRun | Should -BeTrue
        $run.Report.Valid | Should -Be 1
        $run.Report.Signers.Fingerprint | Should -Be $vendor.Fingerprint
        Test-Path -LiteralPath (Join-Path $reports 'signers.json') | Should -BeTrue
        $run.Output | Should -Not -Match ([regex]::Escape([char]27 + '['))
    }

    It 'reports a release signed by another pinned key as a new signer (exit 1) until it is accepted' -Skip:$noGpg {
        New-Release 'tool-5.6.1.tar.gz' $newKey
        $run = Invoke-DownloadAudit $vendor.File, $newKey.File
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Report.NewSigners.Path | Should -Be (Join-Path $downloads 'tool-5.6.1.tar.gz')
        $run.Report.NewSigners.SignerFingerprint | Should -Be $newKey.Fingerprint
        $run.Output | Should -Match 'NEW SIGNER'

        (Invoke-DownloadAudit $vendor.File, $newKey.File).ExitCode | Should -Be 1
        (Invoke-DownloadAudit $vendor.File, $newKey.File -AcceptChanges).ExitCode | Should -Be 0
        (Invoke-DownloadAudit $vendor.File, $newKey.File).ExitCode | Should -Be 0
    }

    It 'reports a changed file, a key that is not pinned (2) and a file without a signature (4)' -Skip:$noGpg {
        New-Release 'tool-5.6.2.tar.gz' $stranger
        Set-Content -LiteralPath (Join-Path $downloads 'README') -Value 'no signature'
        Add-Content -LiteralPath (Join-Path $downloads 'tool-5.6.0.tar.gz') -Value 'backdoor' -NoNewline
        $run = Invoke-DownloadAudit $vendor.File, $newKey.File
        $run.ExitCode | Should -Be 6 -Because $run.Output
        @($run.Report.NotValid.Status) | Sort-Object | Should -Be @('InvalidSignature', 'NotTrusted')
        $run.Report.Unsigned | Should -Be (Join-Path $downloads 'README')
    }

    It 'exits 32 with the reason when a key cannot be read' {
        $run = $null | & $pwsh @pwshArgs -NoProfile -NonInteractive -File $auditScript -Path $work -TrustedKey (Join-Path $work 'missing.asc') -ReportFolder (Join-Path $work 'state/other') -ModulePath $modulePath 2>&1
        $LASTEXITCODE | Should -Be 32
        ($run | Out-String) | Should -Match 'missing\.asc'
    }
}
