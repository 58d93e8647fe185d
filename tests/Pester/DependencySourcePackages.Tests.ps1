# Test-DependencySource -GlobalPackagesFolder verifies the signature of each restored package the lock files name,
# on real nuget.org packages (tests/fixtures/packages) laid out as restore lays out ~/.nuget/packages.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:work = New-TestFolder
    $packages = Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES 'packages'

    function Add-RestoredPackage([string] $Id, [string] $Version, [byte[]] $Bytes) {
        $folder = Join-Path $work "gpf/$($Id.ToLowerInvariant())/$Version"
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        [IO.File]::WriteAllBytes((Join-Path $folder "$($Id.ToLowerInvariant()).$Version.nupkg"), $Bytes)
        $hash = [Convert]::ToBase64String([Security.Cryptography.SHA512]::Create().ComputeHash($Bytes))
        @{ version = 2; contentHash = $hash; source = 'https://api.nuget.org/v3/index.json' } | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $folder '.nupkg.metadata')
        return $hash
    }

    # xunit as nuget.org served it; the reference assemblies package with one byte of its first file changed after restore, its
    # recorded hashes rewritten to match (what an attacker with write access to the folder would do).
    $xunit = Add-RestoredPackage 'xunit' '2.9.3' ([IO.File]::ReadAllBytes((Join-Path $packages 'xunit.2.9.3.nupkg')))
    $bytes = [IO.File]::ReadAllBytes((Join-Path $packages 'microsoft.netframework.referenceassemblies.1.0.3.nupkg'))
    $bytes[200] = $bytes[200] -bxor 0x01
    $tampered = Add-RestoredPackage 'Microsoft.NETFramework.ReferenceAssemblies' '1.0.3' $bytes

    $script:project = Join-Path $work 'repo/App'
    New-Item -ItemType Directory -Path $project -Force | Out-Null
    $lock = [ordered]@{ version = 1; dependencies = [ordered]@{ 'net8.0' = [ordered]@{
        'Microsoft.NETFramework.ReferenceAssemblies' = [ordered]@{ type = 'Direct'; requested = '[1.0.3, )'; resolved = '1.0.3'; contentHash = $tampered }
        'xunit' = [ordered]@{ type = 'Direct'; requested = '[2.9.3, )'; resolved = '2.9.3'; contentHash = $xunit }
    } } }
    $lock | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $project 'packages.lock.json')
}

AfterAll {
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-DependencySource -GlobalPackagesFolder' {
    It 'reports the restored package whose content no longer matches its signature, and not the intact one' {
        $findings = @(Test-DependencySource -LiteralPath $project -GlobalPackagesFolder (Join-Path $work 'gpf') | Where-Object RuleId -Like 'NuGet/Package*')
        $findings.Count | Should -Be 1
        $findings[0].RuleId | Should -Be 'NuGet/PackageSignatureNotValid'
        $findings[0].Package | Should -Be 'Microsoft.NETFramework.ReferenceAssemblies'
        $findings[0].Resolved | Should -Be 'HashMismatch'
        $findings[0].Message | Should -Match 'NU3008'
        $findings[0].Severity | Should -Be 'High'
    }
}
