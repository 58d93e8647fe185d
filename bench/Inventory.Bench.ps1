<#
.SYNOPSIS
    Inventory benchmark: Get-SoftwareInventory -VerifyFiles beside `debsums`, in the same run, on the live /usr
    (read-only) and on a copied Debian tree with files changed and removed on purpose.
.DESCRIPTION
    1. Live system, read-only: `debsums -s` (every installed package's md5sums, reporting only problems) and
       `Get-SoftwareInventory -LiteralPath /usr -VerifyFiles` (the dpkg database that owns /usr, each package's
       md5sums for its files under /usr, and every other kind of evidence found under /usr, such as Python
       dist-info RECORDs). Each runs twice, alternating, so both meet a warm cache; the faster run of each is
       shown. The Debian files each reports as changed or missing under /usr must be the same set.
    2. A copied tree: -Packages installed packages (their files and md5sums, a status that lists only them) are
       copied to a scratch root; one file is changed and one removed; Get-SoftwareInventory on the copy must report
       exactly those two, and so must `debsums -s --root --admindir` when it reports anything (debsums 3.0 on
       Debian 12 was seen to report nothing for a copied root).
    Nothing under /usr or /var is written. Needs Debian's dpkg database and debsums (apt-get install debsums).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string[]] $Packages = @('bash', 'coreutils', 'grep', 'sed', 'tar', 'gzip', 'findutils', 'debianutils')
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
if (-not (Get-Command debsums -ErrorAction SilentlyContinue) -or -not (Test-Path /var/lib/dpkg/status)) {
    Write-Host 'Inventory bench skipped: it needs a Debian system with debsums (apt-get install debsums).'
    return
}

function Format-Row([string] $What, [double] $Seconds, [string] $Note = '') { '{0,-58} {1,8:N2} s  {2}' -f $What, $Seconds, $Note }

$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$pwshExe = Join-Path $PSHOME 'pwsh'
function Invoke-ChildPwsh([string] $Script) {
    if (Test-Path -LiteralPath $pwshExe -PathType Leaf) { & $pwshExe -NoProfile -NonInteractive -Command $Script }
    else { & ([Environment]::ProcessPath) $pwshDll -NoProfile -NonInteractive -Command $Script }
    if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed ($LASTEXITCODE)." }
}

function Measure-Ours([string] $Root, [string] $Under) {
    # One line per Debian file that differs: 'Changed <path>' or 'Missing <path>'; components and time on the last lines.
    $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$found = @(Get-SoftwareInventory -LiteralPath '$Root' -VerifyFiles -ErrorAction SilentlyContinue)
`$found | Where-Object { `$_ -is [SupplyChainTools.ComponentFileCheck] -and `$_.Ecosystem -eq 'Debian' } | ForEach-Object { 'FILE {0} {1}' -f `$_.Status, `$_.Path }
'COMPONENTS {0}' -f @(`$found | Where-Object { `$_ -is [SupplyChainTools.SoftwareComponent] }).Count
"@
    $lines = $null
    $wall = (Measure-Command { $script:lines = @(Invoke-ChildPwsh $child) }).TotalSeconds
    [pscustomobject]@{
        Wall       = $wall
        Files      = @($script:lines | Where-Object { $_ -like 'FILE *' } | ForEach-Object { $_.Substring(5) } | Where-Object { ($_ -split ' ', 2)[1].StartsWith($Under) } | Sort-Object)
        Components = [int](($script:lines | Where-Object { $_ -like 'COMPONENTS *' }) -replace '\D', '')
    }
}

function Measure-Debsums([string[]] $Arguments, [string] $Under, [string] $Root = '') {
    $report = $null
    $wall = (Measure-Command { $script:report = @(& debsums -s @Arguments 2>&1 | ForEach-Object { "$_" }) }).TotalSeconds
    $files = foreach ($line in $script:report) {
        if ($line -match '^debsums: (changed|missing) file (.+?) \(from .+ package\)$') {
            $status = if ($Matches[1] -eq 'changed') { 'Changed' } else { 'Missing' }
            $path = $Root + $Matches[2]
            if ($path.StartsWith($Under)) { "$status $path" }
        }
    }
    [pscustomobject]@{ Wall = $wall; Files = @($files | Sort-Object) }
}

function Compare-Findings([string] $Label, [object] $Ours, [object] $Peer) {
    $difference = @(Compare-Object -ReferenceObject $Peer.Files -DifferenceObject $Ours.Files)
    if ($difference.Count -eq 0) { "  $Label`: the same $($Ours.Files.Count) changed or missing Debian files" }
    else {
        "  $Label`: DIFFERENT findings ($($difference.Count)):"
        $difference | Select-Object -First 20 | ForEach-Object { '    {0} {1}' -f ($(if ($_.SideIndicator -eq '=>') { 'only ours:   ' } else { 'only debsums:' })), $_.InputObject }
        $script:failed = $true
    }
}

$script:failed = $false
Write-Host "Inventory bench on $([Environment]::ProcessorCount) cores"

# 1. The live system, read-only; alternate the two so each meets a warm cache.
$peerRuns = @(); $ourRuns = @()
foreach ($round in 1, 2) {
    $peerRuns += Measure-Debsums -Arguments @() -Under '/usr/'
    $ourRuns += Measure-Ours -Root '/usr' -Under '/usr/'
}
$peer = $peerRuns | Sort-Object Wall | Select-Object -First 1
$ours = $ourRuns | Sort-Object Wall | Select-Object -First 1
Format-Row 'Get-SoftwareInventory /usr -VerifyFiles (live)' $ours.Wall ('{0:N0} components; {1:N2}x debsums'' time' -f $ours.Components, ($ours.Wall / [Math]::Max(0.01, $peer.Wall)))
Format-Row '  beside it: debsums -s (all packages, live)' $peer.Wall
Compare-Findings 'live /usr' $ours $peer

# 2. A copied tree with one file changed and one removed.
$root = Join-Path ([IO.Path]::GetTempPath()) ('sct-bench-inv-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
try {
    $admin = Join-Path $root 'var/lib/dpkg'
    New-Item -ItemType Directory -Path (Join-Path $admin 'info'), (Join-Path $admin 'updates') -Force | Out-Null
    $status = [System.Text.StringBuilder]::new()
    $copied = @()
    foreach ($package in $Packages) {
        $paragraph = (& dpkg-query -s $package 2>$null) -join "`n"
        if ($LASTEXITCODE -ne 0) { continue }
        $arch = & dpkg-query -W -f '${Architecture}' $package
        $sums = @("/var/lib/dpkg/info/$package.md5sums", "/var/lib/dpkg/info/${package}:$arch.md5sums") | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
        if (-not $sums) { continue }
        $null = $status.Append($paragraph).Append("`n`n")
        Copy-Item -LiteralPath $sums -Destination (Join-Path $admin 'info')
        foreach ($list in @("/var/lib/dpkg/info/$package.list", "/var/lib/dpkg/info/${package}:$arch.list")) { if (Test-Path -LiteralPath $list) { Copy-Item -LiteralPath $list -Destination (Join-Path $admin 'info') } }
        foreach ($line in Get-Content -LiteralPath $sums) {
            $relative = $line.Substring(34)
            $target = Join-Path $root $relative
            New-Item -ItemType Directory -Path (Split-Path -Parent $target) -Force | Out-Null
            if (Test-Path -LiteralPath "/$relative" -PathType Leaf) { Copy-Item -LiteralPath "/$relative" -Destination $target -Force; $copied += $target }
        }
    }
    [IO.File]::WriteAllText((Join-Path $admin 'status'), $status.ToString())
    $files = @($copied | Where-Object { $_ -like '*/usr/*' } | Sort-Object)
    $changed = $files[0]; $removed = $files[-1]
    [IO.File]::AppendAllText($changed, 'tampered')
    Remove-Item -LiteralPath $removed
    $expected = @("Changed $changed", "Missing $removed") | Sort-Object

    $peerCopy = Measure-Debsums -Arguments @("--root=$root", "--admindir=$admin") -Under "$root/usr/" -Root $root
    $ourCopy = Measure-Ours -Root (Join-Path $root 'usr') -Under "$root/usr/"
    Format-Row "Get-SoftwareInventory -VerifyFiles ($($Packages.Count) packages, copy)" $ourCopy.Wall ('{0:N0} files' -f $files.Count)
    Format-Row '  beside it: debsums -s --root (copy)' $peerCopy.Wall
    if ($peerCopy.Files.Count -eq 0) {
        # Seen with debsums 3.0 on Debian 12: with --root and --admindir it reports nothing, even for a changed file.
        '  copied tree: debsums -s --root --admindir reported nothing here, so only our findings are checked'
    }
    else { Compare-Findings 'copied tree' $ourCopy $peerCopy }
    if ((Compare-Object $expected $ourCopy.Files)) { "  copied tree: ours did not report exactly the changed and the removed file"; $script:failed = $true }
    else { '  copied tree: both report exactly the changed and the removed file' }
}
finally {
    Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
}

if ($script:failed) { throw 'Get-SoftwareInventory and debsums disagree (see above).' }
