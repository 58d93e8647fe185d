# The help examples that are scripts for a scheduler (they end with exit) or that sign: each runs as its text
# stands, in a child pwsh as cron or Task Scheduler would run it, with the folders it names mapped to scratch
# folders made from tests/fixtures. Run once on an intact install it must exit 0; run again after the change
# it exists to catch, it must exit with its failure code and log what it promises.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force

    function Invoke-ScriptExample([string] $Key, [hashtable] $Map, [string] $Location) {
        # The example's text with each mapped path replaced (longest first), run with -File from $Location.
        $code = Get-HelpExampleCode $Key
        foreach ($from in @($Map.Keys | Sort-Object Length -Descending)) { $code = $code.Replace($from, $Map[$from]) }
        $code = $code.Replace('Import-Module SupplyChainTools', "Import-Module '$(Get-ModuleUnderTest)'")
        if ($code -notmatch 'Import-Module') { $code = "Import-Module '$(Get-ModuleUnderTest)'`n" + $code }
        $script = Join-Path $Location 'example.ps1'
        Set-Content -LiteralPath $script -Value $code
        $pwsh = @(Get-PwshCommand)
        Push-Location -LiteralPath $Location
        try {
            $lines = $null | & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $script 2>&1
            return [pscustomobject]@{ Output = ($lines | ForEach-Object { "$_" }) -join "`n"; ExitCode = $LASTEXITCODE }
        }
        finally {
            Pop-Location
            Remove-Item -LiteralPath $script -Force
        }
    }

    function Set-FlippedByte([string] $Path) {
        # A byte in the middle of the image: covered by the signed digest, outside the signature at the end.
        $bytes = [IO.File]::ReadAllBytes($Path)
        $bytes[[int]($bytes.Length / 2)] = $bytes[[int]($bytes.Length / 2)] -bxor 0xFF
        [IO.File]::WriteAllBytes($Path, $bytes)
    }

    function New-TestSigningCertificate([string] $Subject) {
        $key = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new("CN=$Subject", $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $eku = [System.Security.Cryptography.OidCollection]::new()
        $null = $eku.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.3'))
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($eku, $false))
        return $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddYears(1))
    }

    $script:work = New-TestFolder
    $script:fixtures = $env:SUPPLYCHAINTOOLS_FIXTURES
}

AfterAll {
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-FileIntegrity Example 4: gate a scheduled job on a release' {
    BeforeAll {
        $script:release = Join-Path $work 'releases/2.1'
        $null = New-Item -ItemType Directory -Path $release
        Copy-Item -LiteralPath (Join-Path $fixtures 'checksums/tool-1.0.zip'), (Join-Path $fixtures 'checksums/tool-1.0.tar.gz') -Destination $release
        Get-ChildItem -LiteralPath $release -File | Get-FileIntegrity | ForEach-Object { '{0}  {1}' -f $_.Hash.ToLowerInvariant(), $_.Name } |
            Set-Content -LiteralPath (Join-Path $release 'SHA256SUMS')
        $script:map = @{ '/srv/releases/2.1' = $release }
    }

    It 'exits 0 when every listed file matches' {
        $run = Invoke-ScriptExample 'Test-FileIntegrity 4' $map $work
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -BeNullOrEmpty
    }

    It 'exits 1 and logs the stable id of each problem when a line of the manifest is damaged' {
        Add-Content -LiteralPath (Join-Path $release 'SHA256SUMS') -Value 'not a checksum line'
        $run = Invoke-ScriptExample 'Test-FileIntegrity 4' $map $work
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match 'ChecksumLineInvalid: .*Line 3'
    }
}

Describe 'Test-AuthenticodeChain Example 2: check a vendor folder from cron' {
    BeforeAll {
        $script:tools = Join-Path $work 'vendor-tools'
        Copy-Item -LiteralPath (Join-Path $fixtures 'baselines/updates/System.Text.Json/8.0.5') -Destination $tools -Recurse
        $script:map = @{ '/opt/vendor-tools' = $tools }
    }

    It 'exits 0 while every Microsoft-signed DLL verifies' {
        @(Get-ChildItem -LiteralPath $tools -Recurse -Include *.dll).Count | Should -BeGreaterThan 0
        $run = Invoke-ScriptExample 'Test-AuthenticodeChain 2' $map $work
        $run.ExitCode | Should -Be 0 -Because $run.Output
    }

    It 'exits 1 and names the changed DLL and its status when one byte of it changes' {
        $dll = @(Get-ChildItem -LiteralPath $tools -Recurse -Include *.dll | Sort-Object FullName)[0]
        Set-FlippedByte $dll.FullName
        $run = Invoke-ScriptExample 'Test-AuthenticodeChain 2' $map $work
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match ([regex]::Escape("$($dll.FullName): HashMismatch - "))
    }
}

Describe 'Test-CatalogIntegrity Example 2: log a module''s catalog check from cron' {
    BeforeAll {
        $script:module = Join-Path $work 'Modules/Contoso/1.2.0'
        $null = New-Item -ItemType Directory -Path (Split-Path $module)
        Copy-Item -LiteralPath (Join-Path $fixtures 'catalogs/Contoso') -Destination $module -Recurse
        $script:logs = Join-Path $work 'log'
        $null = New-Item -ItemType Directory -Path $logs
        $script:map = @{
            '/opt/microsoft/powershell/7/Modules/Contoso/1.2.0' = $module
            '/etc/pki/contoso-root.cer'                          = (Join-Path $fixtures 'catalogs/contoso-root.cer')
            '/var/log'                                           = $logs
        }
    }

    It 'exits 0 and logs a Valid summary line while the module is intact' {
        $run = Invoke-ScriptExample 'Test-CatalogIntegrity 2' $map $work
        $run.ExitCode | Should -Be 0 -Because $run.Output
        Get-Content -LiteralPath (Join-Path $logs 'module-integrity.log') | Should -Match 'Contoso\.cat: Valid \(3 valid, 0 changed, 0 missing, 0 not in catalog\)$'
    }

    It 'exits 1, logs an Invalid line and warns about the changed file when a script is edited' {
        Add-Content -LiteralPath (Join-Path $module 'Contoso.psm1') -Value '# edited'
        $run = Invoke-ScriptExample 'Test-CatalogIntegrity 2' $map $work
        $run.ExitCode | Should -Be 1
        @(Get-Content -LiteralPath (Join-Path $logs 'module-integrity.log'))[-1] | Should -Match 'Contoso\.cat: Invalid \(2 valid, 1 changed, 0 missing, 0 not in catalog\)$'
        $run.Output | Should -Match 'Contoso\.psm1: HashMismatch - '
    }
}

Describe 'New-SoftwareBaseline Example 2 and Compare-SoftwareBaseline Example 2: a signed baseline, checked from a scheduler' {
    BeforeAll {
        $script:toolsFolder = Join-Path $work 'Tools'
        Copy-Item -LiteralPath (Join-Path $fixtures 'catalogs/Contoso') -Destination $toolsFolder -Recurse
        $script:baselines = Join-Path $work 'baselines'
        $null = New-Item -ItemType Directory -Path $baselines
        $script:certificate = New-TestSigningCertificate 'Contoso Baseline Signer'
        [IO.File]::WriteAllBytes((Join-Path $work 'baseline-signer.pfx'), $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx))
        $script:map = @{ 'C:\Tools' = $toolsFolder; 'D:\baselines' = $baselines }
        $script:baseline = Join-Path $baselines 'tools.scbl'
    }

    It 'New-SoftwareBaseline Example 2 records with two algorithms and signs beside the baseline' {
        $run = Invoke-ScriptExample 'New-SoftwareBaseline 2' $map $work
        $run.ExitCode | Should -Be 0 -Because $run.Output
        Test-Path -LiteralPath "$baseline.p7s" | Should -BeTrue
        (Get-Content -LiteralPath $baseline -TotalCount 1 | ConvertFrom-Json).algorithms | Should -Be @('SHA256', 'SHA512')
    }

    It 'Compare-SoftwareBaseline Example 2 exits 0 against the signed baseline of an unchanged folder' {
        Copy-Item -LiteralPath $baseline, "$baseline.p7s" -Destination $work
        $compareMap = @{ '1F2E3D4C5B6A79880706F5E4D3C2B1A0F9E8D7C6' = $certificate.Thumbprint }
        $run = Invoke-ScriptExample 'Compare-SoftwareBaseline 2' $compareMap $work
        $run.ExitCode | Should -Be 0 -Because $run.Output
    }

    It 'Compare-SoftwareBaseline Example 2 exits 16 when the baseline was tampered with' {
        $copy = Join-Path $work 'tools.scbl'
        (Get-Content -LiteralPath $copy -Raw).Replace('Contoso.psm1', 'Contoso.psm2') | Set-Content -LiteralPath $copy -NoNewline
        $compareMap = @{ '1F2E3D4C5B6A79880706F5E4D3C2B1A0F9E8D7C6' = $certificate.Thumbprint }
        $run = Invoke-ScriptExample 'Compare-SoftwareBaseline 2' $compareMap $work
        $run.ExitCode | Should -Be 16 -Because $run.Output
    }
}

Describe 'Test-AuthenticodeChain Example 8: the signed scripts of PowerShell''s own module on Linux' {
    It 'prints what the help shows, for the installed PowerShell and a script checked out with LF line endings' {
        # The help's /opt/microsoft/powershell/7 is the PowerShell running the tests; Deploy.psm1 is a copy of a
        # Microsoft-signed module script with its CRLF line endings turned into LF (byte-order mark kept), as git does.
        $archive = Join-Path $PSHOME 'Modules/Microsoft.PowerShell.Archive'
        $signed = [IO.File]::ReadAllBytes((Join-Path $archive 'Microsoft.PowerShell.Archive.psm1'))
        $text = [Text.Encoding]::Latin1.GetString($signed)
        $text.Contains("`r`n") | Should -BeTrue -Because 'the signed module script has CRLF line endings'
        $deploy = Join-Path $work 'src/ops/Deploy.psm1'
        $null = New-Item -ItemType Directory -Path (Split-Path $deploy) -Force
        [IO.File]::WriteAllBytes($deploy, [Text.Encoding]::Latin1.GetBytes($text.Replace("`r`n", "`n")))

        $code = Get-HelpExampleCode 'Test-AuthenticodeChain 8'
        $commands = @([regex]::Matches($code, '(?m)^PS /home/admin> (?<command>[^\r\n]*\|[ \t]*\r?\n[^\r\n]*|[^\r\n]*)') | ForEach-Object { $_.Groups['command'].Value })
        $commands.Count | Should -Be 2
        $shown = ($code -split "`r?`n" | Where-Object { $_ -notmatch '^PS /home/admin> ' -and $_ -notmatch '^\s+Format-Table' }) -join "`n"
        $run = @($commands | ForEach-Object { $_.Replace('/opt/microsoft/powershell/7', $PSHOME.TrimEnd('/')).Replace('~/src/ops/Deploy.psm1', $deploy) })
        $printed = (Invoke-DocumentedCode -Command $run -Root $work -Width 250).Replace($PSHOME.TrimEnd('/'), '/opt/microsoft/powershell/7')
        Assert-DocumentedOutput -Actual $printed -Expected $shown
    }
}

Describe 'Test-FileIntegrity Example 7: a manifest kept apart from the install, with a planted link' {
    It 'refuses the linked entry with the message the help shows, and checks the others' {
        # /srv/evidence, /opt/app and /tmp/x of the help are scratch folders; line 14 of the manifest names the file
        # that was replaced by a symbolic link to a copy outside the install.
        $evidence = Join-Path $work 'srv/evidence'; $app = Join-Path $work 'opt/app'; $outside = Join-Path $work 'tmp/x'
        $null = New-Item -ItemType Directory -Path $evidence, (Join-Path $app 'lib'), $outside -Force
        $lines = foreach ($i in 1..13) {
            $file = Join-Path $app "lib/module$i.so"
            Set-Content -LiteralPath $file -Value "module $i"
            '{0}  lib/module{1}.so' -f (Get-FileIntegrity -LiteralPath $file).Hash.ToLowerInvariant(), $i
        }
        Set-Content -LiteralPath (Join-Path $outside 'libssl.so.3') -Value 'not the vendor''s libssl'
        $lines += '{0}  lib/libssl.so.3' -f ('ab' * 32)
        Set-Content -LiteralPath (Join-Path $evidence 'app-2.1.SHA256SUMS') -Value $lines
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $app 'lib/libssl.so.3') -Target (Join-Path $outside 'libssl.so.3')

        $map = [ordered]@{ '/srv/evidence' = $evidence; '/opt/app' = $app; '/tmp/x' = $outside }
        $code = Get-HelpExampleCode 'Test-FileIntegrity 7'
        $commands = @([regex]::Matches($code, '(?m)^PS /> (?<command>[^\r\n]*\|[ \t]*\r?\n[^\r\n]*|[^\r\n]*)') | ForEach-Object { $_.Groups['command'].Value })
        $commands.Count | Should -Be 2
        $shown = ($code -split "`r?`n" | Where-Object { $_ -notmatch '^PS /> ' -and $_ -notmatch '^\s+Where-Object' }) -join "`n"
        # The example runs as in an interactive session, where a refused entry is a non-terminating error.
        $ErrorActionPreference = 'Continue'
        $printed = foreach ($command in $commands) {
            foreach ($from in $map.Keys) { $command = $command.Replace($from, $map[$from]) }
            . ([scriptblock]::Create($command)) 2>$null | Out-String -Width 250
        }
        $printed = $printed -join "`n"
        foreach ($from in $map.Keys) { $printed = $printed.Replace($map[$from], $from) }
        Assert-DocumentedOutput -Actual $printed -Expected $shown
        $refused.FullyQualifiedErrorId | Should -BeLike 'ChecksumEntryRefused,*'
    }
}
