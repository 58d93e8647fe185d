# Who is "the same signer" across a vendor's update, as a user meets it: real NuGet releases
# (tests/fixtures/baselines/updates) put in place of each other, and PowerShell's own signed scripts.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force

    $script:updates = Get-FixturePath 'baselines/updates'
    $script:stj800 = Join-Path $updates 'System.Text.Json/8.0.0/System.Text.Json.dll'
    $script:stj805 = Join-Path $updates 'System.Text.Json/8.0.5/System.Text.Json.dll'
    $script:newtonsoft = Join-Path $updates 'Newtonsoft.Json/13.0.3/Newtonsoft.Json.dll'

    # Baselines a folder holding $From as lib.dll, puts $To in its place and compares (extra arguments go to Compare-SoftwareBaseline).
    function Invoke-Update([string] $From, [string] $To, [hashtable] $Compare = @{}, [hashtable] $New = @{}) {
        $folder = New-TestFolder
        $app = Join-Path $folder 'app'
        $null = New-Item -ItemType Directory -Path $app
        Copy-Item -LiteralPath $From -Destination (Join-Path $app 'lib.dll')
        $baseline = Join-Path $folder 'app.scbl'
        $null = New-SoftwareBaseline -LiteralPath $app -OutFile $baseline @New
        Copy-Item -LiteralPath $To -Destination (Join-Path $app 'lib.dll') -Force
        return Compare-SoftwareBaseline -ReferenceBaseline $baseline -Summary @Compare
    }
}

Describe 'A vendor update signed with a renewed certificate' {
    It 'System.Text.Json 8.0.0 -> 8.0.5 in place is UpdatedSameSigner (Info), the exit code has no Critical bit' {
        $summary = Invoke-Update $stj800 $stj805
        @($summary.Changes) | Should -HaveCount 1
        $change = $summary.Changes[0]
        $change.Change | Should -Be 'UpdatedSameSigner'
        $change.Severity | Should -Be 'Info'
        $change.OldSignerThumbprint | Should -Be '50A04FFE627F8E21FD61AF1B73E5D03B4ADB100D'
        $change.NewSignerThumbprint | Should -Be '71168EE7A92BE92DE9C4B401DCF30DC15DF28DA0'
        $change.Detail | Should -BeLike '*certificate renewed: 50A04FFE627F8E21FD61AF1B73E5D03B4ADB100D -> 71168EE7A92BE92DE9C4B401DCF30DC15DF28DA0*'
        $summary.ExitCode | Should -Be 4
        $summary.SignerIdentity | Should -Be 'Publisher'
    }

    It 'Azure.Core 1.32.0 -> 1.38.0 (CN=Microsoft Corporation, renewed) is UpdatedSameSigner' {
        $summary = Invoke-Update (Join-Path $updates 'Azure.Core/1.32.0/Azure.Core.dll') (Join-Path $updates 'Azure.Core/1.38.0/Azure.Core.dll')
        $summary.Changes.Change | Should -Be 'UpdatedSameSigner'
        $summary.Critical | Should -Be 0
    }

    It 'System.Text.Json 8.0.5 -> 8.0.0 is Downgraded, not SignerChanged' {
        $summary = Invoke-Update $stj805 $stj800
        $summary.Changes.Change | Should -Be 'Downgraded'
        $summary.Changes.Severity | Should -Be 'High'
        $summary.ExitCode | Should -Be 4
    }

    It 'another publisher''s DLL in the same place is SignerChanged, Critical' {
        $summary = Invoke-Update $stj805 $newtonsoft
        $summary.Changes.Change | Should -Be 'SignerChanged'
        $summary.Changes.Severity | Should -Be 'Critical'
        $summary.ExitCode | Should -Be 12
    }

    It '-SignerIdentity Certificate reports the renewal as SignerChanged' {
        $summary = Invoke-Update $stj800 $stj805 -Compare @{ SignerIdentity = 'Certificate' }
        $summary.Changes.Change | Should -Be 'SignerChanged'
        $summary.ExitCode | Should -Be 12
        $summary.SignerIdentity | Should -Be 'Certificate'
    }

    It 'a baseline made with -SignerIdentity Certificate keeps that rule, and a comparison can override it' {
        (Invoke-Update $stj800 $stj805 -New @{ SignerIdentity = 'Certificate' }).Changes.Change | Should -Be 'SignerChanged'
        (Invoke-Update $stj800 $stj805 -New @{ SignerIdentity = 'Certificate' } -Compare @{ SignerIdentity = 'Publisher' }).Changes.Change | Should -Be 'UpdatedSameSigner'
    }

    It 'Update-SoftwareBaseline accepts the update and records the rule' {
        $folder = New-TestFolder
        $app = Join-Path $folder 'app'
        $null = New-Item -ItemType Directory -Path $app
        Copy-Item -LiteralPath $stj800 -Destination (Join-Path $app 'lib.dll')
        $baseline = Join-Path $folder 'app.scbl'
        $null = New-SoftwareBaseline -LiteralPath $app -OutFile $baseline
        Copy-Item -LiteralPath $stj805 -Destination (Join-Path $app 'lib.dll') -Force
        $updated = Compare-SoftwareBaseline -ReferenceBaseline $baseline | Update-SoftwareBaseline -ReferenceBaseline $baseline -OutFile (Join-Path $folder 'next.scbl') -SignerIdentity Certificate
        $updated.SignerIdentity | Should -Be 'Certificate'
        $entry = Get-Content -LiteralPath (Join-Path $folder 'next.scbl') | Select-Object -Skip 1 -First 2 | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object path -eq 'lib.dll'
        $entry.publisher | Should -Be 'O=Microsoft Corporation'
        $entry.signerThumbprint | Should -Be '71168EE7A92BE92DE9C4B401DCF30DC15DF28DA0'
        @(Compare-SoftwareBaseline -ReferenceBaseline (Join-Path $folder 'next.scbl')) | Should -HaveCount 0
    }
}

Describe 'Signed PowerShell scripts in a baseline' {
    BeforeAll {
        $script:folder = New-TestFolder
        $script:module = Join-Path $folder 'Utility'
        $null = New-Item -ItemType Directory -Path $module
        Copy-Item -LiteralPath (Join-Path $PSHOME 'Modules/Microsoft.PowerShell.Utility/Microsoft.PowerShell.Utility.psd1') -Destination $module
        $script:manifest = Join-Path $module 'Microsoft.PowerShell.Utility.psd1'
        $script:original = [System.IO.File]::ReadAllText($manifest)
        $script:baseline = Join-Path $folder 'utility.scbl'
        $script:made = New-SoftwareBaseline -LiteralPath $module -OutFile $baseline
    }

    AfterEach {
        [System.IO.File]::WriteAllText($manifest, $original, [System.Text.UTF8Encoding]::new($true))
    }

    It 'records the signer of a signed module manifest' {
        $entry = Get-Content -LiteralPath $baseline | Select-Object -Skip 1 -First 1 | ConvertFrom-Json
        $entry.sigStatus | Should -Be 'Valid'
        $entry.sigFileType | Should -Be 'PowerShellScript'
        $entry.publisher | Should -Be 'O=Microsoft Corporation'
        $made.SignedValid | Should -Be 1
    }

    It 'an edit breaks the signature: SignatureBroken, Critical' {
        [System.IO.File]::WriteAllText($manifest, $original.Replace('ModuleVersion', 'ModuleVersioN'), [System.Text.UTF8Encoding]::new($true))
        $change = Compare-SoftwareBaseline -ReferenceBaseline $baseline
        $change.Change | Should -Be 'SignatureBroken'
        $change.Severity | Should -Be 'Critical'
    }

    It 'a removed signature block is SignatureRemoved' {
        $cut = $original.Substring(0, $original.IndexOf('# SIG # Begin signature block'))
        [System.IO.File]::WriteAllText($manifest, $cut, [System.Text.UTF8Encoding]::new($true))
        (Compare-SoftwareBaseline -ReferenceBaseline $baseline).Change | Should -Be 'SignatureRemoved'
    }
}
