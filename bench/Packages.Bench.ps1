<#
.SYNOPSIS
    Package-signature benchmark: APPX/MSIX beside osslsigncode, NuGet packages beside `dotnet nuget verify --all`, same run.
.DESCRIPTION
    APPX: the osslsigncode corpus packages of tests/fixtures/authenticode/appx with the corpus trust (CACert.pem,
    TSACA.pem, CRLs, 2019-09-01), Test-AuthenticodeChain in a warm session (median of runs) beside one
    `osslsigncode verify` per file.
    NuGet: every .nupkg of the global packages folder (NUGET_PACKAGES or ~/.nuget/packages), Test-PackageSignature
    in a warm session (median of runs) and from a fresh pwsh, beside one `dotnet nuget verify --all` over the same files.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $PackagesFolder = $(if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }),
    [int] $Runs = 5
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$repo = Split-Path -Parent $PSScriptRoot
$appx = @(Get-ChildItem -LiteralPath (Join-Path $repo 'tests/fixtures/authenticode/appx') -File | Where-Object Extension -Match 'appx$' | ForEach-Object FullName)
$pki = Join-Path $repo 'tests/fixtures/authenticode/pki'

function Measure-Median([scriptblock] $Action, [int] $Count = $Runs) {
    $times = foreach ($i in 1..$Count) { [GC]::Collect(); (Measure-Command $Action).TotalSeconds }
    $sorted = @($times | Sort-Object)
    $sorted[[int][Math]::Floor($sorted.Count / 2)]
}
function Format-Row([string] $What, [double] $Seconds, [string] $Note = '') { '{0,-58} {1,8:N3} s  {2}' -f $What, $Seconds, $Note }

# APPX/MSIX
$trust = @{ TrustedRootCertificate = "$pki/CACert.pem", "$pki/TSACA.pem"; NoDefaultTrust = $true; CrlPath = "$pki/CACertCRL.pem", "$pki/TSACertCRL.pem"; VerificationTime = [datetime]::new(2019, 9, 1, 0, 0, 0, [DateTimeKind]::Utc) }
"APPX: {0} packages ({1:N1} MB) of the osslsigncode corpus" -f $appx.Count, ((Get-ChildItem -LiteralPath $appx | Measure-Object Length -Sum).Sum / 1MB)
$null = Test-AuthenticodeChain -LiteralPath $appx @trust
$verdicts = Test-AuthenticodeChain -LiteralPath $appx @trust | Group-Object Status | ForEach-Object { "$($_.Count) $($_.Name)" }
$ours = Measure-Median { $null = Test-AuthenticodeChain -LiteralPath $appx @trust }
Format-Row 'Test-AuthenticodeChain, warm session' $ours ($verdicts -join ', ')
if (Get-Command osslsigncode -ErrorAction SilentlyContinue) {
    $osslValid = 0
    $clock = [Diagnostics.Stopwatch]::StartNew()
    foreach ($file in $appx) {
        $null = osslsigncode verify -CAfile "$pki/CACert.pem" -TSA-CAfile "$pki/TSACA.pem" -CRLfile "$pki/CACertCRL.pem" -TSA-CRLfile "$pki/TSACertCRL.pem" -time 1567296000 -in $file 2>&1
        if ($LASTEXITCODE -eq 0) { $osslValid++ }
    }
    $clock.Stop()
    Format-Row 'osslsigncode verify, one process per file' $clock.Elapsed.TotalSeconds ('ours is {0:N1}x faster; osslsigncode: {1} of {2} succeed (it does not compare the publisher)' -f ($clock.Elapsed.TotalSeconds / $ours), $osslValid, $appx.Count)
}
else {
    'osslsigncode: not installed (apt-get install osslsigncode)'
}
''

# NuGet packages
if (-not (Test-Path -LiteralPath $PackagesFolder)) {
    "NuGet: no global packages folder at $PackagesFolder"
    return
}
$packages = @(Get-ChildItem -LiteralPath $PackagesFolder -Recurse -Filter *.nupkg -File | ForEach-Object FullName)
"NuGet: {0} packages ({1:N1} MB) in {2}" -f $packages.Count, ((Get-ChildItem -LiteralPath $packages | Measure-Object Length -Sum).Sum / 1MB), $PackagesFolder
$null = Test-PackageSignature -LiteralPath $packages
$valid = @(Test-PackageSignature -LiteralPath $packages | Where-Object IsValid).Count
$oursNuGet = Measure-Median { $null = Test-PackageSignature -LiteralPath $PackagesFolder -Recurse }
Format-Row 'Test-PackageSignature -Recurse, warm session' $oursNuGet "$valid of $($packages.Count) Valid"
$pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }
$cold = Measure-Median -Count 3 {
    $null = & $pwsh @pwshArgs -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; `$null = Test-PackageSignature -LiteralPath '$PackagesFolder' -Recurse"
}
Format-Row 'fresh pwsh: import + verify' $cold
$dotnet = Get-Command dotnet -ErrorAction SilentlyContinue
if ($dotnet) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $text = & $dotnet.Source nuget verify --all @packages 2>&1 | Out-String
    $clock.Stop()
    $failed = ([regex]::Matches($text, 'error: NU\d{4}')).Count
    Format-Row 'dotnet nuget verify --all, one process for all files' $clock.Elapsed.TotalSeconds ('ours is {0:N1}x faster warm, {1:N1}x from a fresh pwsh; dotnet nuget verify: {2} errors' -f ($clock.Elapsed.TotalSeconds / $oursNuGet), ($clock.Elapsed.TotalSeconds / $cold), $failed)
}
else {
    'dotnet nuget verify: the .NET SDK is not installed'
}
