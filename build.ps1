#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, benchmarks, packages and demonstrates the SupplyChainTools module.
.DESCRIPTION
    The one entry point for the repository. Run it with the PowerShell that the repository's dotnet tool
    manifest pins (`dotnet tool restore`, then `dotnet pwsh ./build.ps1 ...`).

    Build    (default) compiles Core and the cmdlets for net8.0 and net462 and lays the module out at
             out/SupplyChainTools from an allow-list, failing on any stray assembly.
    Test     Build, then xunit (Core) and Pester (the built module, in a child pwsh); prints "N passed, N failed".
    Bench    Build, then the benchmarks in bench/ beside the peers (sha256sum, hashdeep, Get-FileHash).
    Package  Build, then writes out/SupplyChainTools.<version>.nupkg, installable with PSResourceGet from a folder repository.
    Demo     Build, then an integrity audit of the .NET installation that built the module (or -DemoPath):
             the first run records a manifest under out/demo, later runs report drift until -AcceptChanges.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Bench', 'Package', 'Demo')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Folder the Demo task audits; defaults to the .NET installation that builds the module.
    [string] $DemoPath,

    # Demo: record the folder as it is now, accepting the drift the Demo reported.
    [switch] $AcceptChanges
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$RepoRoot = $PSScriptRoot
$OutRoot = Join-Path $RepoRoot 'out'
$ModuleOut = Join-Path $OutRoot 'SupplyChainTools'
$TestResults = Join-Path $OutRoot 'test-results'

# What the module ships, per target framework. Anything else in the build output fails the build,
# except what PowerShell itself supplies at run time (never shipped: shipping it breaks PowerShell 7.4+).
$ShippedAssemblies = @{
    'net8.0' = @('SupplyChainTools.dll', 'SupplyChainTools.Core.dll',
                 'Tomlyn.dll', 'YamlDotNet.dll', 'NuGet.Versioning.dll',
                 'BouncyCastle.Cryptography.dll') # OpenPGP, minisign and cosign signatures (Core/Signatures)
    'net462' = @('SupplyChainTools.dll', 'SupplyChainTools.Core.dll', 'System.Buffers.dll', 'System.Formats.Asn1.dll',
                 'System.Memory.dll', 'System.Numerics.Vectors.dll', 'System.Runtime.CompilerServices.Unsafe.dll', 'System.ValueTuple.dll',
                 # Dependency audits: YAML and TOML parsers, NuGet's version grammar, System.Text.Json (in-box on net8.0)
                 # and what these netstandard2.0 builds need on .NET Framework.
                 'Tomlyn.dll', 'YamlDotNet.dll', 'NuGet.Versioning.dll', 'System.Text.Json.dll', 'System.Text.Encodings.Web.dll', 'System.IO.Pipelines.dll',
                 'Microsoft.Bcl.AsyncInterfaces.dll', 'System.Threading.Tasks.Extensions.dll', 'System.Collections.Immutable.dll',
                 'BouncyCastle.Cryptography.dll') # OpenPGP, minisign and cosign signatures (Core/Signatures)
}
# Supplied by the host, never shipped: PowerShell's own assemblies, and System.IO.Compression, which the net462 build
# copies as a netstandard facade but .NET Framework 4.7.1+ (every Windows PowerShell 5.1 host in support) has in the GAC.
$SuppliedByPowerShell = @('System.Management.Automation.dll', 'System.Security.Cryptography.Pkcs.dll', 'System.IO.Compression.dll')
$ModuleFiles = @('SupplyChainTools.psd1', 'SupplyChainTools.psm1', 'SupplyChainTools.Format.ps1xml', 'SupplyChainTools.Types.ps1xml', 'SupplyChainTools.Baselines.Format.ps1xml', 'SupplyChainTools.Advisories.Format.ps1xml', 'SupplyChainTools.Packages.Format.ps1xml',
                'SupplyChainTools.Inventory.Format.ps1xml')

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -LiteralPath (Join-Path $RepoRoot 'Directory.Build.props') -Raw)
    $version = $props.Project.PropertyGroup.VersionPrefix | Where-Object { $_ } | Select-Object -First 1
    if (-not $version) { throw 'VersionPrefix is missing from Directory.Build.props.' }
    return $version
}

function Get-SdkTrustedRootsFolder {
    # The SDK that builds the module carries the Microsoft Trusted Root Program's code-signing and
    # time-stamping roots; the module ships them so a machine with only PowerShell can verify Microsoft files.
    $sdkVersion = (& dotnet --version).Trim()
    foreach ($line in & dotnet --list-sdks) {
        if ($line -match '^(?<version>\S+) \[(?<path>.+)\]$' -and $Matches.version -eq $sdkVersion) {
            $folder = Join-Path (Join-Path $Matches.path $sdkVersion) 'trustedroots'
            if (Test-Path -LiteralPath (Join-Path $folder 'codesignctl.pem')) { return $folder }
        }
    }
    throw "The .NET SDK $sdkVersion has no trustedroots folder (codesignctl.pem, timestampctl.pem); use SDK 6.0.400 or later."
}

function Invoke-Build {
    Write-Step "Building ($Configuration, net8.0 + net462)"
    Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'src/SupplyChainTools/SupplyChainTools.csproj'), '-c', $Configuration, '--nologo', '-v', 'q', '-clp:NoSummary')

    if (Test-Path -LiteralPath $ModuleOut) { Remove-Item -LiteralPath $ModuleOut -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleOut | Out-Null

    foreach ($framework in $ShippedAssemblies.Keys) {
        $binSource = Join-Path $RepoRoot "src/SupplyChainTools/bin/$Configuration/$framework"
        $binTarget = Join-Path $ModuleOut "bin/$framework"
        New-Item -ItemType Directory -Path $binTarget -Force | Out-Null
        $stray = Get-ChildItem -LiteralPath $binSource -Filter *.dll | Where-Object {
            $_.Name -notin $ShippedAssemblies[$framework] -and $_.Name -notin $SuppliedByPowerShell
        }
        if ($stray) {
            throw "Stray assembly in the $framework build output: $($stray.Name -join ', '). Add it to `$ShippedAssemblies in build.ps1 (and say why) or remove the dependency."
        }
        foreach ($name in $ShippedAssemblies[$framework]) {
            $file = Join-Path $binSource $name
            if (-not (Test-Path -LiteralPath $file)) { throw "Expected '$file' in the build output." }
            Copy-Item -LiteralPath $file -Destination $binTarget
        }
    }

    foreach ($name in $ModuleFiles) {
        Copy-Item -LiteralPath (Join-Path $RepoRoot "module/$name") -Destination $ModuleOut
    }
    Copy-Item -LiteralPath (Join-Path $RepoRoot 'module/en-US') -Destination $ModuleOut -Recurse
    Copy-Item -LiteralPath (Join-Path $RepoRoot 'LICENSE') -Destination $ModuleOut
    Copy-Item -LiteralPath (Join-Path $RepoRoot 'CHANGELOG.md') -Destination $ModuleOut

    $rootsTarget = New-Item -ItemType Directory -Path (Join-Path $ModuleOut 'TrustedRoots') -Force
    $rootsSource = Get-SdkTrustedRootsFolder
    Copy-Item -LiteralPath (Join-Path $rootsSource 'codesignctl.pem'), (Join-Path $rootsSource 'timestampctl.pem') -Destination $rootsTarget

    $version = Get-ModuleVersion
    $manifestPath = Join-Path $ModuleOut 'SupplyChainTools.psd1'
    $manifest = (Get-Content -LiteralPath $manifestPath -Raw) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    Set-Content -LiteralPath $manifestPath -Value $manifest -Encoding utf8NoBOM -NoNewline

    $null = Test-ModuleManifest -Path $manifestPath
    Write-Step "Module $version laid out at $ModuleOut"
}

function Get-PesterModulePath {
    Invoke-Native dotnet @('restore', (Join-Path $RepoRoot 'tools/tools.csproj'), '--nologo', '-v', 'q')
    $globalPackages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $pester = Join-Path $globalPackages.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path -LiteralPath $pester)) { throw "Pester 5.7.1 was not restored to '$pester'." }
    return $pester
}

function Invoke-Test {
    New-Item -ItemType Directory -Path $TestResults -Force | Out-Null
    Get-ChildItem -LiteralPath $TestResults -File | Remove-Item -Force

    Write-Step 'xunit: SupplyChainTools.Core.Tests'
    $trx = Join-Path $TestResults 'xunit.trx'
    & dotnet test (Join-Path $RepoRoot 'tests/SupplyChainTools.Core.Tests/SupplyChainTools.Core.Tests.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal'
    $xunitExit = $LASTEXITCODE
    $xunitPassed = 0; $xunitFailed = 0
    if (Test-Path -LiteralPath $trx) {
        $counters = ([xml](Get-Content -LiteralPath $trx -Raw)).TestRun.ResultSummary.Counters
        $xunitPassed = [int]$counters.passed
        $xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    if ($xunitExit -ne 0 -and $xunitFailed -eq 0) { $xunitFailed = 1 }

    Write-Step 'Pester: the built module, in a child pwsh'
    $pester = Get-PesterModulePath
    $pesterSummary = Join-Path $TestResults 'pester-summary.json'
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'tests/Invoke-PesterTests.ps1') `
        -PesterPath $pester -ModulePath (Join-Path $ModuleOut 'SupplyChainTools.psd1') -ResultFolder $TestResults
    $pesterExit = $LASTEXITCODE
    $pesterPassed = 0; $pesterFailed = 0
    if (Test-Path -LiteralPath $pesterSummary) {
        $summary = Get-Content -LiteralPath $pesterSummary -Raw | ConvertFrom-Json
        $pesterPassed = [int]$summary.Passed
        $pesterFailed = [int]$summary.Failed
    }
    if ($pesterExit -ne 0 -and $pesterFailed -eq 0) { $pesterFailed = 1 }

    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    $line = "$passed passed, $failed failed"
    Set-Content -LiteralPath (Join-Path $TestResults 'summary.txt') -Value $line
    Write-Host "xunit: $xunitPassed passed, $xunitFailed failed; Pester: $pesterPassed passed, $pesterFailed failed"
    Write-Host $line
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Bench {
    foreach ($bench in Get-ChildItem -LiteralPath (Join-Path $RepoRoot 'bench') -Filter '*.Bench.ps1' | Sort-Object Name) {
        Write-Step "Benchmark: $($bench.Name)"
        & dotnet pwsh -NoProfile -NonInteractive -File $bench.FullName -ModulePath (Join-Path $ModuleOut 'SupplyChainTools.psd1')
        if ($LASTEXITCODE -ne 0) { throw "Benchmark $($bench.Name) failed." }
    }
}

function Invoke-Package {
    $version = Get-ModuleVersion
    Write-Step "Packaging SupplyChainTools $version"
    Get-ChildItem -LiteralPath $OutRoot -Filter 'SupplyChainTools.*.nupkg' | Remove-Item -Force
    Import-Module Microsoft.PowerShell.PSResourceGet
    Compress-PSResource -Path $ModuleOut -DestinationPath $OutRoot
    $package = Get-ChildItem -LiteralPath $OutRoot -Filter "SupplyChainTools.$version.nupkg"
    if (-not $package) { throw 'Compress-PSResource did not write the package.' }
    Write-Step "Wrote $($package.FullName)"
}

function Invoke-Demo {
    $path = $DemoPath
    if (-not $path) {
        $path = Split-Path -Parent (Split-Path -Parent (Split-Path -Parent ([object].Assembly.Location)))
        $dotnetRoot = Split-Path -Parent ((& dotnet --list-sdks | Select-Object -First 1) -replace '^.*\[(.+)\]$', '$1')
        if (Test-Path -LiteralPath $dotnetRoot) { $path = $dotnetRoot }
    }
    $acceptCommand = 'dotnet pwsh ./build.ps1 -Task Demo' + $(if ($DemoPath) { " -DemoPath '$DemoPath'" }) + ' -AcceptChanges'
    [string[]] $accept = if ($AcceptChanges) { '-AcceptChanges' } else { @() }
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'examples/Invoke-IntegrityAudit.ps1') `
        -ModulePath (Join-Path $ModuleOut 'SupplyChainTools.psd1') -Path $path -ReportFolder (Join-Path $OutRoot 'demo') `
        -AcceptCommand $acceptCommand @accept
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

Push-Location $RepoRoot
try {
    Invoke-Build
    foreach ($name in $Task) {
        switch ($name) {
            'Build' { }
            'Test' { Invoke-Test }
            'Bench' { Invoke-Bench }
            'Package' { Invoke-Package }
            'Demo' { Invoke-Demo }
        }
    }
}
finally {
    Pop-Location
}
