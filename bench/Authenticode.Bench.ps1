<#
.SYNOPSIS
    Authenticode benchmark: Test-AuthenticodeChain over the .NET runtime's DLLs beside osslsigncode, same run.
.DESCRIPTION
    Tree: shared/Microsoft.NETCore.App/<version> of the running .NET (172 DLLs on .NET 10). Prints:
      - Test-AuthenticodeChain (image hash + CMS + chains + timestamps) in a warm session, median of runs;
      - the same in a fresh pwsh (roots loaded, JIT, nothing cached);
      - `osslsigncode verify` once per file with the same roots (target: ours at least 20x faster);
      - Get-FileIntegrity (SHA-256 only) over the same bytes (target: verification close to hashing).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Folder = (Split-Path -Parent ([object].Assembly.Location)),
    [int] $Runs = 5
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$files = @(Get-ChildItem -LiteralPath $Folder -Filter *.dll -File | ForEach-Object FullName)
$bytes = (Get-ChildItem -LiteralPath $files | Measure-Object Length -Sum).Sum
$roots = Join-Path (Split-Path -Parent (Get-Module SupplyChainTools).Path) 'TrustedRoots'

function Measure-Median([scriptblock] $Action, [int] $Count = $Runs) {
    $times = foreach ($i in 1..$Count) { [GC]::Collect(); (Measure-Command $Action).TotalSeconds }
    $sorted = @($times | Sort-Object)
    $sorted[[int][Math]::Floor($sorted.Count / 2)]
}
function Format-Row([string] $What, [double] $Seconds, [string] $Note = '') { '{0,-58} {1,8:N3} s  {2}' -f $What, $Seconds, $Note }

"Folder: $Folder ({0} DLLs, {1:N0} MB), {2} cores, warm cache" -f $files.Count, ($bytes / 1MB), [Environment]::ProcessorCount
''
$null = Test-AuthenticodeChain -LiteralPath $files
$null = Get-FileIntegrity -LiteralPath $files
$valid = @(Test-AuthenticodeChain -LiteralPath $files | Where-Object IsValid).Count
$ours = Measure-Median { $null = Test-AuthenticodeChain -LiteralPath $files }
$hashOnly = Measure-Median { $null = Get-FileIntegrity -LiteralPath $files }

$pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }
$listFile = [IO.Path]::GetTempFileName()
Set-Content -LiteralPath $listFile -Value $files
$cold = Measure-Median -Count 3 {
    $null = & $pwsh @pwshArgs -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; `$null = Test-AuthenticodeChain -LiteralPath (Get-Content -LiteralPath '$listFile')"
}
$startup = Measure-Median -Count 3 {
    $null = & $pwsh @pwshArgs -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'"
}
Remove-Item -LiteralPath $listFile

"Test-AuthenticodeChain: $valid of $($files.Count) Valid with the shipped roots"
Format-Row 'Test-AuthenticodeChain, warm session' $ours
Format-Row 'Get-FileIntegrity (SHA-256 only) over the same files' $hashOnly ('verification costs {0:N1}x hashing' -f ($ours / $hashOnly))
Format-Row 'fresh pwsh: import + verify (roots, JIT, empty caches)' $cold ('of which pwsh start + import {0:N3} s' -f $startup)

if (Get-Command osslsigncode -ErrorAction SilentlyContinue) {
    $osslValid = 0
    $clock = [Diagnostics.Stopwatch]::StartNew()
    foreach ($file in $files) {
        $null = osslsigncode verify -ignore-crl -CAfile (Join-Path $roots 'codesignctl.pem') -TSA-CAfile (Join-Path $roots 'timestampctl.pem') -in $file 2>&1
        if ($LASTEXITCODE -eq 0) { $osslValid++ }
    }
    $clock.Stop()
    $peer = $clock.Elapsed.TotalSeconds
    Format-Row 'osslsigncode verify -ignore-crl, one process per file' $peer ('ours is {0:N0}x faster warm, {1:N0}x from a fresh pwsh (target: at least 20x); osslsigncode: {2} of {3} valid' -f ($peer / $ours), ($peer / $cold), $osslValid, $files.Count)
}
else {
    'osslsigncode: not installed (apt-get install osslsigncode)'
}
