# Get-SoftwareInventory as users run it: every kind of package evidence in the fixture trees, -VerifyFiles,
# malformed evidence (one error each, the rest still inventoried), and the real .NET, PowerShell, dpkg and
# Python installs of the machine the tests run on.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:tree = Get-FixturePath 'inventory/tree'
    $script:malformed = Get-FixturePath 'inventory/malformed'
}

Describe 'Get-SoftwareInventory on the fixture trees' {
    BeforeAll {
        $script:found = @(Get-SoftwareInventory -LiteralPath $tree)
    }

    It 'finds <Name> <Version> from <Kind> as <Purl>' -ForEach @(
        @{ Ecosystem = 'NuGet'; Name = 'xunit'; Version = '2.9.3'; Kind = '.nupkg.metadata'; Purl = 'pkg:nuget/xunit@2.9.3' }
        @{ Ecosystem = 'NuGet'; Name = 'Microsoft.NETCore.App.Runtime.linux-x64'; Version = '10.0.12'; Kind = 'deps.json'; Purl = 'pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@10.0.12' }
        @{ Ecosystem = 'NuGet'; Name = 'Newtonsoft.Json'; Version = '13.0.4'; Kind = 'deps.json'; Purl = 'pkg:nuget/Newtonsoft.Json@13.0.4' }
        @{ Ecosystem = 'Generic'; Name = 'System.Management.Automation'; Version = '7.6.9'; Kind = 'deps.json'; Purl = 'pkg:generic/System.Management.Automation@7.6.9' }
        @{ Ecosystem = 'NuGet'; Name = 'System.Memory'; Version = '4.5.5'; Kind = 'packages.lock.json'; Purl = 'pkg:nuget/System.Memory@4.5.5' }
        @{ Ecosystem = 'npm'; Name = '@babel/core'; Version = '7.24.0'; Kind = 'package-lock.json'; Purl = 'pkg:npm/%40babel/core@7.24.0' }
        @{ Ecosystem = 'npm'; Name = 'ua-parser-js'; Version = '0.7.29'; Kind = 'package-lock.json'; Purl = 'pkg:npm/ua-parser-js@0.7.29' }
        @{ Ecosystem = 'PyPI'; Name = 'Requests'; Version = '2.31.0'; Kind = 'dist-info'; Purl = 'pkg:pypi/requests@2.31.0' }
        @{ Ecosystem = 'PowerShell'; Name = 'Contoso.Tools'; Version = '1.2.0-beta1'; Kind = 'PSGetModuleInfo.xml'; Purl = 'pkg:nuget/Contoso.Tools@1.2.0-beta1?repository_url=https%3A%2F%2Fwww.powershellgallery.com%2Fapi%2Fv2' }
        @{ Ecosystem = 'PowerShell'; Name = 'Plain'; Version = '0.9'; Kind = 'module manifest'; Purl = 'pkg:generic/Plain@0.9' }
        @{ Ecosystem = 'Debian'; Name = 'libfoo1'; Version = '1:1.2-1+deb12u1'; Kind = 'dpkg status'; Purl = 'pkg:deb/debian/libfoo1@1%3A1.2-1%2Bdeb12u1?arch=amd64' }
        @{ Ecosystem = 'Alpine'; Name = 'busybox'; Version = '1.36.1-r15'; Kind = 'apk installed'; Purl = 'pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64' }
    ) {
        $match = @($found | Where-Object { $_.Name -eq $Name -and $_.EvidenceKind -eq $Kind })
        $match.Count | Should -Be 1
        $match[0].Ecosystem | Should -Be $Ecosystem
        $match[0].Version | Should -Be $Version
        $match[0].Purl | Should -Be $Purl
        $match[0].WeakEvidence | Should -BeFalse
        Test-Path -LiteralPath $match[0].Evidence | Should -BeTrue
    }

    It 'skips what is not an installed package' {
        $found.Name | Should -Not -Contain 'dist-helper' -Because 'a package.json inside a package folder is not a package'
        $found.Name | Should -Not -Contain 'contoso-shared' -Because 'a linked workspace package is not an installed copy'
        $found.Name | Should -Not -Contain 'contoso-web' -Because "the project's own package.json is not a dependency"
        $found.Name | Should -Not -Contain 'removed-pkg' -Because 'a package with only its configuration left is not installed'
        $found.Name | Should -Not -Contain 'Contoso.Shared' -Because 'a project reference in packages.lock.json is not a package'
        $found.Name | Should -Not -Contain 'Contoso.Tools.Resources' -Because 'a resource .psd1 is not a module manifest'
        @($found | Where-Object { $_.Name -eq 'System.Text.Json' -and $_.EvidenceKind -eq 'packages.lock.json' }).Count | Should -Be 1 -Because 'a package locked for two frameworks is one record'
    }

    It 'reports an npm package once when its lock entry and its node_modules package.json both describe it' {
        $npm = @($found | Where-Object { $_.Ecosystem -eq 'npm' -and $_.Location -like (Join-Path $tree 'npm-project*') })
        @($npm.Name | Sort-Object) | Should -Be @('@babel/core', 'ua-parser-js')
        $npm.EvidenceKind | Should -Be @('package-lock.json', 'package-lock.json') -Because 'the lock entry carries the resolved source and integrity'
    }

    It 'reads an installed package.json that no lock file describes' {
        $project = Join-Path $TestDrive 'unlocked'
        $null = New-Item -ItemType Directory -Path (Join-Path $project 'node_modules/left-pad')
        Set-Content -LiteralPath (Join-Path $project 'node_modules/left-pad/package.json') -Value '{"name":"left-pad","version":"1.3.0"}'
        $component = @(Get-SoftwareInventory -LiteralPath $project)
        $component.Count | Should -Be 1
        $component[0].EvidenceKind | Should -Be 'package.json'
        $component[0].Purl | Should -Be 'pkg:npm/left-pad@1.3.0'
    }

    It 'records the source, time and hash the package managers recorded' {
        $module = $found | Where-Object Name -EQ 'Contoso.Tools'
        $module.Source | Should -Be 'https://www.powershellgallery.com/api/v2' -Because 'the top-level RepositorySourceLocation, not a nested one'
        $module.RecordedUtc | Should -Be ([datetime]::new(2024, 3, 5, 9, 20, 30, [DateTimeKind]::Utc).AddTicks(1234567))
        $module.License | Should -Be 'https://opensource.org/licenses/MIT'
        $xunit = $found | Where-Object Name -EQ 'xunit'
        $xunit.Source | Should -Be 'https://api.nuget.org/v3/index.json'
        $xunit.License | Should -Be 'Apache-2.0'
        $xunit.HashAlgorithm | Should -Be 'SHA512'
        $xunit.Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $tree 'nuget-packages/xunit/2.9.3/xunit.2.9.3.nupkg') -Algorithm SHA512).Hash
        ($found | Where-Object Name -EQ 'attrs').Source | Should -Be 'https://github.com/python-attrs/attrs'
        ($found | Where-Object Name -EQ 'Requests').Source | Should -Be 'pip'
        $ua = $found | Where-Object { $_.Name -eq 'ua-parser-js' -and $_.EvidenceKind -eq 'package-lock.json' }
        $ua.Source | Should -Be 'https://registry.npmjs.org/ua-parser-js/-/ua-parser-js-0.7.29.tgz'
        $ua.Hash | Should -Match '^[0-9A-F]{128}$'
        $ua.Location | Should -Be (Join-Path $tree 'npm-project/node_modules/ua-parser-js')
    }

    It 'writes nothing but components without -VerifyFiles' {
        @($found | Where-Object { $_ -isnot [SupplyChainTools.SoftwareComponent] }) | Should -BeNullOrEmpty
    }

    It 'survives a remoting round trip as strings' {
        $copy = Invoke-Roundtrip ($found | Where-Object Name -EQ 'Contoso.Tools') -Depth 1
        $copy.PSObject.TypeNames[0] | Should -Be 'Deserialized.SupplyChainTools.SoftwareComponent'
        $copy.Purl | Should -BeLike 'pkg:nuget/Contoso.Tools@*'
        $copy.Ecosystem | Should -BeOfType [string]
    }
}

Describe 'Get-SoftwareInventory -VerifyFiles' {
    It 'reports exactly the files that differ from what the package manager recorded' {
        $checks = @(Get-SoftwareInventory -LiteralPath $tree -VerifyFiles | Where-Object { $_ -is [SupplyChainTools.ComponentFileCheck] })
        $seen = @($checks | ForEach-Object { '{0} {1} {2}' -f $_.Status, $_.Component, $_.Path.Substring($tree.Length + 1).Replace('\', '/') }) | Sort-Object
        $seen | Should -Be @(
            'Changed hello debian-root/usr/share/doc/hello/README'
            'Changed Requests python/lib/python3.11/site-packages/requests/api.py'
            'Missing libfoo1 debian-root/usr/lib/libfoo.so.1'
            'Missing musl alpine-root/lib/ld-musl-x86_64.so.1'
            'Missing Requests python/lib/python3.11/site-packages/requests/gone.py'
        )
        $readme = $checks | Where-Object Component -EQ 'hello'
        $readme.Algorithm | Should -Be 'MD5'
        $readme.ActualHash | Should -Be (Get-FileHash -LiteralPath $readme.Path -Algorithm MD5).Hash
        $readme.RecordedBy | Should -BeLike '*var/lib/dpkg/info/hello.md5sums'
    }

    It 'writes each file check right after its component' {
        $output = @(Get-SoftwareInventory -LiteralPath (Join-Path $tree 'python') -VerifyFiles)
        ($output | ForEach-Object { if ($_ -is [SupplyChainTools.ComponentFileCheck]) { 'check:' + $_.Component } else { $_.Name } }) -join ',' |
            Should -Be 'Requests,check:Requests,check:Requests,attrs'
    }

    It 'finds a file changed after installation in a copy of a real NuGet package' {
        $copy = New-TestFolder
        try {
            Copy-Item -LiteralPath (Join-Path $tree 'nuget-packages') -Destination $copy -Recurse
            (Get-SoftwareInventory -LiteralPath $copy -VerifyFiles | Where-Object Status) | Should -BeNullOrEmpty -Because 'the real .nupkg matches its .nupkg.sha512'
            [IO.File]::AppendAllText((Join-Path $copy 'nuget-packages/xunit/2.9.3/xunit.2.9.3.nupkg'), 'x')
            $check = Get-SoftwareInventory -LiteralPath $copy -VerifyFiles | Where-Object Status
            $check.Status | Should -Be 'Changed'
            $check.Algorithm | Should -Be 'SHA512'
        }
        finally { Remove-Item -LiteralPath $copy -Recurse -Force }
    }
}

Describe 'Get-SoftwareInventory on malformed evidence' {
    It 'writes one error per bad file and still inventories the rest' {
        $found = @(Get-SoftwareInventory -LiteralPath $malformed -ErrorAction SilentlyContinue -ErrorVariable problems)
        $found.Name | Should -Be @('Good')
        $problems.Count | Should -Be 3
        @($problems | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object -Unique) | Should -Be 'InventoryEvidenceInvalid'
        ($problems.TargetObject | ForEach-Object { Split-Path -Leaf $_ } | Sort-Object) | Should -Be @('Broken.deps.json', 'Evil.psd1', 'package-lock.json')
        ($problems | Where-Object TargetObject -Like '*Evil.psd1').Exception.Message | Should -Match '\(line 3\).*not a constant'
        ($problems | Where-Object TargetObject -Like '*package-lock.json').Exception.Message | Should -Match 'line \d+.*not valid JSON'
    }

    It 'refuses a 100 MB METADATA as one error without reading it, and reads its neighbour' {
        $site = New-TestFolder
        try {
            $big = New-Item -ItemType Directory -Path (Join-Path $site 'huge-1.0.dist-info')
            $stream = [IO.File]::Create((Join-Path $big 'METADATA'))
            $stream.SetLength(100MB)
            $stream.Dispose()
            $small = New-Item -ItemType Directory -Path (Join-Path $site 'small-2.0.dist-info')
            Set-Content -LiteralPath (Join-Path $small 'METADATA') -Value "Metadata-Version: 2.1`nName: small`nVersion: 2.0"
            $found = @(Get-SoftwareInventory -LiteralPath $site -ErrorAction SilentlyContinue -ErrorVariable problems)
            $found.Name | Should -Be 'small'
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'InputFileTooLarge*'
        }
        finally { Remove-Item -LiteralPath $site -Recurse -Force }
    }

    It 'stops at a module manifest nested deeper than its bound' {
        $folder = New-TestFolder
        try {
            $module = New-Item -ItemType Directory -Path (Join-Path $folder 'Deep')
            Set-Content -LiteralPath (Join-Path $module 'Deep.psd1') -Value ('@{ ModuleVersion = "1.0"; X = ' + ('@(' * 5000) + (')' * 5000) + ' }')
            $null = Get-SoftwareInventory -LiteralPath $folder -ErrorAction SilentlyContinue -ErrorVariable problems
            $problems.Count | Should -Be 1
            $problems[0].Exception.Message | Should -Match 'nest more than'
        }
        finally { Remove-Item -LiteralPath $folder -Recurse -Force }
    }
}

Describe 'Get-SoftwareInventory on the real installs of this machine' {
    It 'reports each .NET runtime of dotnet --list-runtimes with its package version, not an assembly version' {
        $dotnet = Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $dotnet) { Set-ItResult -Skipped -Because 'dotnet is not installed'; return }
        $runtimes = @(& $dotnet.Source --list-runtimes | Where-Object { $_ -match '^Microsoft\.NETCore\.App (\S+) \[(.+)\]$' } | ForEach-Object {
            [pscustomobject]@{ Version = $Matches[1]; Folder = Join-Path $Matches[2] $Matches[1] } })
        $runtimes.Count | Should -BeGreaterThan 0
        foreach ($runtime in $runtimes) {
            $components = @(Get-SoftwareInventory -LiteralPath (Join-Path $runtime.Folder 'Microsoft.NETCore.App.deps.json'))
            $components.Count | Should -Be 1
            $components[0].Name | Should -BeLike 'Microsoft.NETCore.App.Runtime.*'
            $components[0].Version | Should -Be $runtime.Version
        }
    }

    It "reports PowerShell's own modules with their manifest versions" {
        $folder = Join-Path $PSHOME 'Modules'
        $expected = @(Get-ChildItem -LiteralPath $folder -Directory | ForEach-Object {
            $manifest = Join-Path $_.FullName "$($_.Name).psd1"
            if (Test-Path -LiteralPath $manifest) {
                $data = Import-PowerShellDataFile -LiteralPath $manifest
                $version = $data.ModuleVersion
                if ($data.PrivateData.PSData.Prerelease) { $version += '-' + $data.PrivateData.PSData.Prerelease }
                '{0} {1}' -f $_.Name, $version
            }
        })
        $expected.Count | Should -BeGreaterOrEqual 5
        $found = @(Get-SoftwareInventory -LiteralPath $folder -ErrorAction Stop | Where-Object Ecosystem -EQ 'PowerShell' |
            Where-Object { (Split-Path -Leaf $_.Location) -eq $_.Name } | ForEach-Object { '{0} {1}' -f $_.Name, $_.Version })
        ($found | Sort-Object) | Should -Be ($expected | Sort-Object)
    }

    It "checks the signature of PowerShell's own signed module manifests with -Signature" {
        $module = Join-Path $PSHOME 'Modules/Microsoft.PowerShell.Utility'
        if (-not (Select-String -LiteralPath (Join-Path $module 'Microsoft.PowerShell.Utility.psd1') -Pattern 'SIG # Begin signature block' -Quiet)) {
            Set-ItResult -Skipped -Because 'this PowerShell ships unsigned module manifests'; return
        }
        $component = Get-SoftwareInventory -LiteralPath $module -Signature
        $component.SignedFile | Should -BeLike '*Microsoft.PowerShell.Utility.psd1'
        $component.SignatureStatus | Should -Not -BeNullOrEmpty
        $component.SignatureStatus | Should -Not -Be 'NotSigned'
        $component.Publisher | Should -Match 'Microsoft'
    }

    It 'reports the installed Debian packages dpkg-query lists' {
        if (-not (Get-Command dpkg-query -CommandType Application -ErrorAction SilentlyContinue) -or -not (Test-Path /var/lib/dpkg/status)) {
            Set-ItResult -Skipped -Because 'this is not a Debian system'; return
        }
        $expected = @(dpkg-query -W -f '${db:Status-Status} ${Package} ${Version}\n' | Where-Object { $_ -notmatch '^(not-installed|config-files) ' } |
            ForEach-Object { ($_ -split ' ', 2)[1] } | Sort-Object)
        $found = @(Get-SoftwareInventory -LiteralPath /var/lib/dpkg/status | ForEach-Object { '{0} {1}' -f $_.Name, $_.Version } | Sort-Object)
        $found | Should -Be $expected
    }

    It 'reports the Python distributions pip lists' {
        $python = Get-Command python3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $python) { Set-ItResult -Skipped -Because 'python3 is not installed'; return }
        $site = & $python.Source -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'
        if (-not $site -or -not (Test-Path -LiteralPath $site)) { Set-ItResult -Skipped -Because "python3 has no site-packages folder"; return }
        $expected = @(& $python.Source -c 'import importlib.metadata as m, sys; [print(d.metadata["Name"], d.version) for d in m.distributions(path=[sys.argv[1]]) if str(d._path).endswith(".dist-info")]' $site | Sort-Object)
        if ($expected.Count -eq 0) { Set-ItResult -Skipped -Because "no .dist-info in $site"; return }
        $found = @(Get-SoftwareInventory -LiteralPath $site | Where-Object Ecosystem -EQ 'PyPI' |
            Where-Object { (Split-Path -Parent $_.Location) -eq $site } | ForEach-Object { '{0} {1}' -f $_.Name, $_.Version } | Sort-Object)
        $found | Should -Be $expected
    }
}
