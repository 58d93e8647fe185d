# End-to-end remoting over real SSH endpoints on loopback (see SshHosts.psm1): every cmdlet runs remotely,
# its output comes back deserialized with values intact, the views format it, and errors keep their ids.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'SshHosts.psm1') -Force
    # CI installs OpenSSH (.ci/run); there a missing sshd must fail the run, not skip it.
    $script:canRemote = ($IsLinux -and (Get-SshdPath) -and (Get-Command ssh -ErrorAction SilentlyContinue)) -or $env:CI -eq 'true'
    if (-not $canRemote) {
        Write-Warning 'Remoting tests skipped: they need Linux with OpenSSH (apt-get install openssh-server openssh-client); .ci/run installs it and runs them.'
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SshHosts.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:modulePath = Get-ModuleUnderTest
    $script:fixtures = $env:SUPPLYCHAINTOOLS_FIXTURES
    $script:runtimeDll = Join-Path (Split-Path -Parent ([object].Assembly.Location)) 'System.Runtime.dll'
    if ($canRemote) {
        $script:fleet = Start-SshFleet -Count 2
        $script:sessions = @(foreach ($h in $fleet.Hosts) { New-FleetSession -Fleet $fleet -HostEntry $h })
        Invoke-Command -Session $sessions { Import-Module $using:modulePath } -ErrorAction Stop
    }
}

AfterAll {
    if ($script:sessions) { $script:sessions | Remove-PSSession }
    Stop-SshFleet $script:fleet
}

Describe 'Remoting over SSH' -Skip:(-not $canRemote) {
    It 'runs Get-FileIntegrity on every host, with values and PSComputerName intact' {
        $local = Get-FileIntegrity -LiteralPath $runtimeDll -Algorithm SHA256, SHA512
        $remote = Invoke-Command -Session $sessions { Get-FileIntegrity -LiteralPath $using:runtimeDll -Algorithm SHA256, SHA512 }
        $remote.Count | Should -Be 2
        ($remote.PSComputerName | Sort-Object) | Should -Be @('127.0.0.2', '127.0.0.3')
        foreach ($item in $remote) {
            $item.PSObject.TypeNames | Should -Contain 'Deserialized.SupplyChainTools.FileIntegrity'
            $item.SHA256 | Should -Be $local.SHA256
            $item.SHA512 | Should -Be $local.SHA512
            $item.Length | Should -Be $local.Length
            $item.LastWriteTimeUtc | Should -Be $local.LastWriteTimeUtc
            $item.LastWriteTimeUtc | Should -BeOfType [datetime]
        }
    }

    It 'runs Test-FileIntegrity remotely and the string statuses compare with -eq' {
        $remote = Invoke-Command -Session $sessions[0] { Test-FileIntegrity -ChecksumFile (Join-Path $using:fixtures 'checksums/SHA256SUMS') }
        ($remote | Where-Object Status -EQ 'Match').Count | Should -Be 4
        ($remote | Where-Object Status -EQ 'Missing').Count | Should -Be 1
        $remote[0].LineNumber | Should -Be 1
    }

    It 'runs Test-AuthenticodeChain remotely with chain arrays, dates and nested signatures intact' {
        $nested = Join-Path $fixtures 'authenticode/pe/nested.exe'
        $pki = Join-Path $fixtures 'authenticode/pki/CACert.pem'
        $time = [datetime]::new(2019, 9, 1, 0, 0, 0, [DateTimeKind]::Utc)
        $local = Test-AuthenticodeChain -LiteralPath $nested -TrustedRootCertificate $pki -NoDefaultTrust -VerificationTime $time
        $remote = Invoke-Command -Session $sessions[1] { Test-AuthenticodeChain -LiteralPath $using:nested -TrustedRootCertificate $using:pki -NoDefaultTrust -VerificationTime $using:time }
        $remote.Status | Should -Be 'Valid'
        $remote.Status -eq $local.Status | Should -BeTrue
        @($remote.Chain) | Should -Be @($local.Chain)
        $remote.SignerNotAfter | Should -Be $local.SignerNotAfter
        $remote.NestedSignatures[0].Status | Should -Be $local.NestedSignatures[0].Status
        $remote.NestedSignatures[0].SignerSubject | Should -Be $local.NestedSignatures[0].SignerSubject
        $remote.PSComputerName | Should -Be '127.0.0.3'
    }

    It 'formats the deserialized objects with the module''s table views' {
        $remote = Invoke-Command -Session $sessions[0] { Test-AuthenticodeChain -LiteralPath $using:runtimeDll }
        $text = $remote | Format-Table | Out-String -Width 200
        $text | Should -Match 'Status\s+Signer\s+Name'
        $text | Should -Match 'Valid\s+\.NET'
        $hashes = Invoke-Command -Session $sessions[0] { Get-FileIntegrity -LiteralPath $using:runtimeDll }
        ($hashes | Format-Table | Out-String -Width 200) | Should -Match 'Hash\s+Name'
    }

    It 'delivers a remote error with the same stable id as locally' {
        $missing = '/nonexistent/sct-missing.dll'
        $null = Invoke-Command -Session $sessions[0] { Get-FileIntegrity -LiteralPath $using:missing } -ErrorVariable remoteErrors -ErrorAction SilentlyContinue
        $remoteErrors.Count | Should -Be 1
        $remoteErrors[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,SupplyChainTools.Commands.GetFileIntegrityCommand'
        $remoteErrors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $remoteErrors[0].OriginInfo.PSComputerName | Should -Be '127.0.0.2'
    }

    It 'checks a golden image across the fleet in one Invoke-Command, findings grouped per host' {
        # Each "host" audits its own copy of the application; on loopback they share a disk, so the folder is
        # picked by the address the host was reached at (SSH_CONNECTION's server address).
        $work = New-TestFolder
        try {
            $golden = Join-Path $work 'golden'
            New-Item -ItemType Directory -Path $golden | Out-Null
            Get-ChildItem -LiteralPath (Split-Path $runtimeDll) -Filter 'System.Collections*.dll' | Copy-Item -Destination $golden
            $baseline = Join-Path $work 'golden.baseline'
            $created = Invoke-Command -Session $sessions[0] { New-SoftwareBaseline -Path $using:golden -OutFile $using:baseline }
            $created.Entries | Should -BeGreaterThan 2

            $folders = @{}
            foreach ($h in $fleet.Hosts) {
                $copy = Join-Path $work $h.Name
                Copy-Item -LiteralPath $golden -Destination $copy -Recurse
                $folders[$h.Address] = $copy
            }
            $victim = Get-ChildItem -LiteralPath $folders['127.0.0.3'] -Filter *.dll | Select-Object -First 1
            $bytes = [IO.File]::ReadAllBytes($victim.FullName)
            $bytes[0x400] = $bytes[0x400] -bxor 0xFF
            [IO.File]::WriteAllBytes($victim.FullName, $bytes)

            $findings = Invoke-Command -Session $sessions {
                $address = ($env:SSH_CONNECTION -split ' ')[2]
                Compare-SoftwareBaseline -ReferenceBaseline $using:baseline -Path ($using:folders)[$address] -Summary
            }
            $perHost = @{}
            foreach ($summary in $findings) { $perHost[$summary.PSComputerName] = $summary }
            $perHost['127.0.0.2'].ExitCode | Should -Be 0
            $perHost['127.0.0.3'].ExitCode | Should -Be 12
            $drift = @($perHost['127.0.0.3'].Changes | Where-Object Severity -NE 'Info')
            $drift.Change | Should -Be 'SignatureBroken'
            $drift.Path | Should -Be $victim.FullName
        }
        finally {
            Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    It 'runs Test-CatalogIntegrity and Update-SoftwareBaseline remotely' {
        $catalog = Join-Path $fixtures 'catalogs/Contoso/Contoso.cat'
        $root = Join-Path $fixtures 'catalogs/contoso-root.cer'
        $summary = Invoke-Command -Session $sessions[0] { Test-CatalogIntegrity -CatalogFilePath $using:catalog -TrustedRootCertificate $using:root -NoDefaultTrust -Summary }
        $summary.IsValid | Should -BeTrue
        $summary.ValidCount | Should -Be 3
        @($summary.Files).Count | Should -Be 3
        $summary.Files[0].Status | Should -Be 'Valid'

        $work = New-TestFolder
        try {
            $app = Join-Path $work 'app'
            New-Item -ItemType Directory -Path $app | Out-Null
            Set-Content -LiteralPath (Join-Path $app 'a.txt') -Value 'one'
            $reference = Join-Path $work 'app.scbl'
            $accepted = Join-Path $work 'app-accepted.scbl'
            $exitCodes = Invoke-Command -Session $sessions[1] {
                $null = New-SoftwareBaseline -Path $using:app -OutFile $using:reference
                Set-Content -LiteralPath (Join-Path $using:app 'b.txt') -Value 'two'
                $null = Compare-SoftwareBaseline -ReferenceBaseline $using:reference | Update-SoftwareBaseline -ReferenceBaseline $using:reference -OutFile $using:accepted
                (Compare-SoftwareBaseline -ReferenceBaseline $using:reference -Summary).ExitCode
                (Compare-SoftwareBaseline -ReferenceBaseline $using:accepted -Summary).ExitCode
            }
            $exitCodes | Should -Be @(1, 0)
        }
        finally {
            Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    It 'returns -Quiet answers as Booleans per host' {
        $answers = Invoke-Command -Session $sessions { Test-AuthenticodeChain -LiteralPath $using:runtimeDll -Quiet }
        $answers.Count | Should -Be 2
        $answers | ForEach-Object { $_ | Should -BeOfType [bool]; $_ | Should -BeTrue }
    }
}
