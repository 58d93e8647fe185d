BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem

    $script:packages = Get-FixturePath 'packages'
    $script:work = New-TestFolder
    $script:xunit = Join-Path $packages 'xunit.2.9.3.nupkg'
    $script:reference = Join-Path $packages 'microsoft.netframework.referenceassemblies.1.0.3.nupkg'

    function Read-Signature([string] $Package) {
        $archive = [IO.Compression.ZipFile]::OpenRead($Package)
        try {
            $stream = $archive.GetEntry('.signature.p7s').Open()
            $content = [IO.MemoryStream]::new()
            $stream.CopyTo($content)
            $stream.Dispose()
            return , $content.ToArray()
        }
        finally { $archive.Dispose() }
    }

    function Update-Package([string] $Source, [string] $Name, [scriptblock] $Change) {
        $target = Join-Path $work $Name
        Copy-Item -LiteralPath $Source -Destination $target -Force
        $archive = [IO.Compression.ZipFile]::Open($target, 'Update')
        try { & $Change $archive } finally { $archive.Dispose() }
        return $target
    }

    function Set-Signature($Archive, [byte[]] $Signature, [string] $Level) {
        $Archive.GetEntry('.signature.p7s').Delete()
        $entry = $Archive.CreateEntry('.signature.p7s', $Level)
        $entry.ExternalAttributes = 0
        $stream = $entry.Open()
        $stream.Write($Signature, 0, $Signature.Length)
        $stream.Dispose()
    }

    # The tampered copies, with the status and the NuGet code each must get.
    $appended = Join-Path $work 'appended.nupkg'
    Copy-Item -LiteralPath $xunit -Destination $appended
    [IO.File]::AppendAllText($appended, 'appended after signing')
    $metadata = Join-Path $work 'metadata.nupkg'
    $bytes = [IO.File]::ReadAllBytes($xunit)
    $end = $bytes.Length - 22
    while ([BitConverter]::ToUInt32($bytes, $end) -ne 0x06054b50) { $end-- }
    $directory = [BitConverter]::ToUInt32($bytes, $end + 16)
    $bytes[$directory + 12] = $bytes[$directory + 12] -bxor 1
    [IO.File]::WriteAllBytes($metadata, $bytes)
    $otherSignature = Read-Signature $reference
    $ownSignature = Read-Signature $xunit
    $script:cases = @(
        @{ Name = 'xunit as served'; File = $xunit; Status = 'Valid'; Code = $null }
        @{ Name = 'reference assemblies as served'; File = $reference; Status = 'Valid'; Code = $null }
        @{ Name = 'signature removed'; File = (Update-Package $xunit 'removed.nupkg' { param($a) $a.GetEntry('.signature.p7s').Delete() }); Status = 'NotSigned'; Code = 'NU3004' }
        @{ Name = 'bytes appended'; File = $appended; Status = 'HashMismatch'; Code = 'NU3008' }
        @{ Name = 'a byte of the central directory changed'; File = $metadata; Status = 'HashMismatch'; Code = 'NU3008' }
        @{ Name = "another package's signature re-zipped"; File = (Update-Package $xunit 'resigned.nupkg' { param($a) Set-Signature $a $otherSignature 'NoCompression' }); Status = 'HashMismatch'; Code = 'NU3008' }
        @{ Name = 'signature entry compressed'; File = (Update-Package $xunit 'compressed.nupkg' { param($a) Set-Signature $a $ownSignature 'Optimal' }); Status = 'Malformed'; Code = 'NU3005' }
    )
}

AfterAll {
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-PackageSignature' {
    It '<Name>: <Status> <Code>' -ForEach @(
        @{ Index = 0; Name = 'xunit as served'; Status = 'Valid'; Code = '' }
        @{ Index = 1; Name = 'reference assemblies as served'; Status = 'Valid'; Code = '' }
        @{ Index = 2; Name = 'signature removed'; Status = 'NotSigned'; Code = 'NU3004' }
        @{ Index = 3; Name = 'bytes appended'; Status = 'HashMismatch'; Code = 'NU3008' }
        @{ Index = 4; Name = 'a byte of the central directory changed'; Status = 'HashMismatch'; Code = 'NU3008' }
        @{ Index = 5; Name = "another package's signature re-zipped"; Status = 'HashMismatch'; Code = 'NU3008' }
        @{ Index = 6; Name = 'signature entry compressed'; Status = 'Malformed'; Code = 'NU3005' }
    ) {
        $result = Test-PackageSignature -LiteralPath $cases[$Index].File
        $result.Status | Should -Be $Status -Because $result.StatusMessage
        "$($result.NuGetCode)" | Should -Be $Code
    }

    It 'agrees with dotnet nuget verify --all on every case' {
        $dotnet = Get-Command dotnet -ErrorAction SilentlyContinue
        if (-not $dotnet) { Set-ItResult -Skipped -Because 'the dotnet SDK is not installed: dotnet nuget verify cannot run' ; return }
        foreach ($case in $cases) {
            $text = (& $dotnet.Source nuget verify --all $case.File 2>&1 | Out-String)
            $theirs = if ($text -match 'error: (?<code>NU\d{4})') { $Matches.code } else { $null }
            $ours = (Test-PackageSignature -LiteralPath $case.File).NuGetCode
            "$ours" | Should -Be "$theirs" -Because "$($case.Name): dotnet nuget verify said:`n$text"
        }
    }

    It 'reports the author signature and the repository countersignature' {
        $result = Test-PackageSignature -LiteralPath $xunit
        $result.PackageId | Should -Be 'xunit'
        $result.Version | Should -Be '2.9.3'
        $result.SignatureType | Should -Be 'Author'
        $result.SignerFingerprint | Should -Be '0D7662406AABB78B853A1901343BF9F7757492B785402172C5962D8204408161'
        $result.TimestampUtc | Should -Not -BeNullOrEmpty
        $result.RepositoryCountersignature.Status | Should -Be 'Valid'
        $result.RepositoryCountersignature.ServiceIndex | Should -Be 'https://api.nuget.org/v3/index.json'
        $result.RepositoryCountersignature.Owners | Should -Be @('xunit')
        $result.RepositoryCountersignature.TimestampUtc | Should -Not -BeNullOrEmpty
    }

    It 'walks folders with -Recurse, taking only .nupkg files, and answers -Quiet' {
        $tree = Join-Path $work 'feed/xunit/2.9.3'
        $null = New-Item -ItemType Directory -Path $tree -Force
        Copy-Item -LiteralPath $xunit -Destination $tree
        Set-Content -LiteralPath (Join-Path $tree 'xunit.2.9.3.nupkg.sha512') -Value 'not a package'
        $results = @(Test-PackageSignature -LiteralPath (Join-Path $work 'feed') -Recurse)
        $results.Count | Should -Be 1
        $results[0].Status | Should -Be 'Valid'
        Test-PackageSignature -LiteralPath (Join-Path $work 'feed') -Recurse -Quiet | Should -BeTrue
        Test-PackageSignature -LiteralPath $appended -Quiet | Should -BeFalse
    }

    It 'applies -TrustedSigner fingerprints and nuget.config trustedSigners' {
        $results = Test-PackageSignature -LiteralPath $xunit, $reference -TrustedSigner '0D:76:62:40:6A:AB:B7:8B:85:3A:19:01:34:3B:F9:F7:75:74:92:B7:85:40:21:72:C5:96:2D:82:04:40:81:61'
        $results.Status | Should -Be @('Valid', 'PublisherNotAllowed')
        $results[1].NuGetCode | Should -Be 'NU3034'

        $config = Join-Path $work 'nuget.config'
        Set-Content -LiteralPath $config -Value '<configuration><trustedSigners><repository name="nuget.org"><certificate fingerprint="1F4B311D9ACC115C8DC8018B5A49E00FCE6DA8E2855F9F014CA6F34570BC482D" hashAlgorithm="SHA256" /><owners>someone-else</owners></repository></trustedSigners></configuration>'
        (Test-PackageSignature -LiteralPath $xunit -TrustedSigner $config).NuGetCode | Should -Be 'NU3034'
    }

    It 'stops with InvalidPackageTrustedSigner for a value that is neither a fingerprint nor a nuget.config' {
        { Test-PackageSignature -LiteralPath $xunit -TrustedSigner 'not-a-fingerprint' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidPackageTrustedSigner,SupplyChainTools.Commands.TestPackageSignatureCommand'
        $bad = Join-Path $work 'bad.config'
        Set-Content -LiteralPath $bad -Value '<configuration><trustedSigners><author name="a"><certificate fingerprint="ABCD" /></author></trustedSigners></configuration>'
        { Test-PackageSignature -LiteralPath $xunit -TrustedSigner $bad -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidPackageTrustedSigner,SupplyChainTools.Commands.TestPackageSignatureCommand'
    }

    It 'writes an error for a path that does not exist and goes on with the rest' {
        $results = Test-PackageSignature -LiteralPath (Join-Path $work 'absent.nupkg'), $xunit -ErrorVariable errors -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 1
        $errors.Count | Should -Be 1
    }

    It 'survives remoting serialization with string statuses and the nested countersignature' {
        $copy = Invoke-Roundtrip (Test-PackageSignature -LiteralPath $xunit)
        $copy.Status | Should -BeOfType [string]
        $copy.RepositoryCountersignature.Status | Should -Be 'Valid'
    }
}
