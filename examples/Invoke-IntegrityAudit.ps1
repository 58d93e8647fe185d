<#
.SYNOPSIS
    Integrity audit of a software installation: records a SHA-256 manifest of every file on the first run,
    and on every later run reports what changed, was added or went missing since, until you accept it.
.DESCRIPTION
    The manifest (GNU sha256sum format, paths relative to the audited folder), the symbolic links found
    (links.json: each link and where it points) and a JSON report are written to -ReportFolder. Keep that
    folder somewhere an attacker who can write the audited folder cannot.
    The manifest is written on the first run only. Drift is reported on every run until you accept it with
    -AcceptChanges, which records the folder as it is now (the manifest it replaces is kept as SHA256SUMS.previous).
    A symbolic link is audited as a link: where it points is recorded, and a link that now points elsewhere,
    went missing or was added is drift; a link that leaves the folder is listed, never followed into the manifest.
    Every file's Authenticode signature (PE files, PowerShell scripts, catalogs) is verified from the same read;
    files that cannot carry a signature are counted apart, and the report lists signatures present but not valid.
    Exit code: 0 nothing drifted (or first run, or the drift was accepted), 1 files or links changed or went
    missing, 2 files or links were added, 3 both, 4 the audit could not run, 8 a signature that is present is
    not valid (added to the others).
.EXAMPLE
    pwsh -File ./examples/Invoke-IntegrityAudit.ps1 -Path /usr/share/dotnet -ReportFolder /var/lib/sct/dotnet
.EXAMPLE
    pwsh -File ./examples/Invoke-IntegrityAudit.ps1 -Path /usr/share/dotnet -ReportFolder /var/lib/sct/dotnet -AcceptChanges
    After reviewing the drift a run reported: records the folder as it is now, so later runs compare against it.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $ReportFolder,
    # Record the folder as it is now as the manifest later runs compare against (accepts the drift reported).
    [switch] $AcceptChanges,
    # The command the output tells the user to run to accept drift (the Demo task passes its own).
    [string] $AcceptCommand,
    # The module to use; by default the installed SupplyChainTools.
    [string] $ModulePath = 'SupplyChainTools'
)

$ErrorActionPreference = 'Stop'
$cannotCarrySignature = 'NotSupportedFileFormat'

function ConvertTo-ManifestLine([string] $Relative, [string] $Sha256) {
    if ($Relative -match '[\\\r\n]') {
        # GNU escaping: a leading backslash, then \\, \n and \r inside the name.
        return '\' + $Sha256.ToLowerInvariant() + '  ' + $Relative.Replace('\', '\\').Replace("`n", '\n').Replace("`r", '\r')
    }
    return $Sha256.ToLowerInvariant() + '  ' + $Relative
}

try {
    Import-Module $ModulePath
    $root = (Resolve-Path -LiteralPath $Path).ProviderPath.TrimEnd([IO.Path]::DirectorySeparatorChar)
    New-Item -ItemType Directory -Path $ReportFolder -Force | Out-Null
    $manifest = Join-Path $ReportFolder 'SHA256SUMS'
    $linksFile = Join-Path $ReportFolder 'links.json'
    $previous = Join-Path $ReportFolder 'SHA256SUMS.previous'
    if (-not $AcceptCommand) { $AcceptCommand = "the same command with -AcceptChanges" }
    function Get-Relative([string] $FullPath) {
        $relative = [IO.Path]::GetRelativePath($root, $FullPath)
        if ([IO.Path]::DirectorySeparatorChar -eq '\') { $relative = $relative.Replace('\', '/') }
        return $relative
    }

    Write-Host "Auditing $root"
    # Symbolic links are audited as links (where they point), never followed into the manifest.
    $links = [ordered]@{}
    foreach ($item in Get-ChildItem -LiteralPath $root -Recurse -Force -Attributes ReparsePoint -ErrorAction SilentlyContinue) {
        if ($item.LinkType -eq 'SymbolicLink') { $links[(Get-Relative $item.FullName)] = [string]$item.LinkTarget }
    }
    $linkPaths = [System.Collections.Generic.HashSet[string]]::new([string[]]@($links.Keys | ForEach-Object { Join-Path $root $_ }))
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $files = @(Get-FileIntegrity -LiteralPath $root -Recurse -Signature -ErrorAction Continue -ErrorVariable readErrors | Where-Object { -not $linkPaths.Contains($_.Path) })
    $clock.Stop()
    $bytes = ($files | Measure-Object -Property Length -Sum).Sum
    '{0:N0} files, {1:N1} MB hashed and their signatures verified in {2:N2} s; {3} could not be read; {4} symbolic links.' -f $files.Count, ($bytes / 1MB), $clock.Elapsed.TotalSeconds, $readErrors.Count, $links.Count | Write-Host
    $outside = @($links.Keys | Where-Object { $target = [IO.Path]::GetFullPath($links[$_], (Split-Path -Parent (Join-Path $root $_))); -not $target.StartsWith($root + [IO.Path]::DirectorySeparatorChar, [StringComparison]::Ordinal) })
    foreach ($link in $outside | Select-Object -First 10) { Write-Host "  LINK OUTSIDE THE FOLDER: $link -> $($links[$link])" }

    $canCarry = @($files | Where-Object SignatureStatus -NE $cannotCarrySignature)
    $signed = @($canCarry | Where-Object SignatureStatus -NE 'NotSigned')
    $badSignatures = @($signed | Where-Object SignatureStatus -NE 'Valid')
    $bySigner = $signed | Where-Object SignatureStatus -EQ 'Valid' | Group-Object SignerSubject | Sort-Object Count -Descending
    $notValid = if ($badSignatures.Count) { ' (' + (($badSignatures | Group-Object SignatureStatus | Sort-Object Count -Descending | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', ') + ')' } else { '' }
    'Signatures: {0} valid, {1} not signed, {2} present but not valid{3}; {4} files cannot carry a signature (not a PE file, script or catalog) and were hashed only.' -f ($signed.Count - $badSignatures.Count), ($canCarry.Count - $signed.Count), $badSignatures.Count, $notValid, ($files.Count - $canCarry.Count) | Write-Host
    foreach ($group in $bySigner | Select-Object -First 3) { Write-Host "  $($group.Count) valid, signed by $($group.Name)" }
    foreach ($bad in $badSignatures | Select-Object -First 10) { Write-Host "  $($bad.SignatureStatus): $($bad.Path)" }

    $drift = [ordered]@{ Changed = @(); Missing = @(); Added = @(); Unchecked = @() }
    $firstRun = -not (Test-Path -LiteralPath $manifest)
    if (-not $firstRun) {
        Write-Host "Comparing with the manifest recorded earlier: $manifest"
        $checks = @(Test-FileIntegrity -ChecksumFile $manifest -BasePath $root -ErrorAction SilentlyContinue -ErrorVariable checkErrors)
        $drift.Changed = @($checks | Where-Object Status -NE 'Match' | Where-Object Status -NE 'Missing' | ForEach-Object Path)
        $drift.Missing = @($checks | Where-Object Status -EQ 'Missing' | ForEach-Object Path)
        $drift.Unchecked = @($checkErrors | ForEach-Object { $_.Exception.Message })
        $known = [System.Collections.Generic.HashSet[string]]::new([string[]]@($checks.Path))
        $drift.Added = @($files.Path | Where-Object { -not $known.Contains($_) })
        $recordedLinks = if (Test-Path -LiteralPath $linksFile) { Get-Content -LiteralPath $linksFile -Raw | ConvertFrom-Json -AsHashtable } else { @{} }
        if ($null -eq $recordedLinks) { $recordedLinks = @{} }
        foreach ($link in $recordedLinks.Keys | Sort-Object) {
            $full = Join-Path $root $link
            if (-not $links.Contains($link)) { $drift.Missing += $full }
            elseif ($links[$link] -ne $recordedLinks[$link]) { $drift.Changed += "$full (link, now -> $($links[$link]); was -> $($recordedLinks[$link]))" }
        }
        foreach ($link in $links.Keys) {
            if (-not $recordedLinks.ContainsKey($link)) { $drift.Added += "$(Join-Path $root $link) (link -> $($links[$link]))" }
        }
    }

    $drifted = ($drift.Changed.Count + $drift.Missing.Count + $drift.Added.Count + $drift.Unchecked.Count) -gt 0
    if ($firstRun -or $AcceptChanges) {
        if (-not $firstRun) { Copy-Item -LiteralPath $manifest -Destination $previous -Force }
        $lines = foreach ($file in $files) { ConvertTo-ManifestLine (Get-Relative $file.Path) $file.SHA256 }
        [IO.File]::WriteAllLines($manifest, [string[]]@($lines))
        $links | ConvertTo-Json -Depth 2 | Set-Content -LiteralPath $linksFile
    }

    $report = [ordered]@{
        Path          = $root
        TimeUtc       = [DateTime]::UtcNow.ToString('o')
        FirstRun      = $firstRun
        Accepted      = [bool]($AcceptChanges -and -not $firstRun)
        Files         = $files.Count
        Bytes         = $bytes
        Seconds       = [Math]::Round($clock.Elapsed.TotalSeconds, 3)
        Unreadable    = @($readErrors | ForEach-Object { "$($_.TargetObject): $($_.Exception.Message)" })
        SymbolicLinks = $links
        LinksOutside  = $outside
        Signatures    = [ordered]@{
            Valid                = $signed.Count - $badSignatures.Count
            NotSigned            = $canCarry.Count - $signed.Count
            NotValid             = @($badSignatures | ForEach-Object { [ordered]@{ Path = $_.Path; Status = $_.SignatureStatus } })
            CannotCarrySignature = $files.Count - $canCarry.Count
            ByStatus             = @($files | Group-Object SignatureStatus | ForEach-Object { [ordered]@{ Status = $_.Name; Count = $_.Count } })
        }
        Changed       = $drift.Changed
        Missing       = $drift.Missing
        Added         = $drift.Added
        Unchecked     = $drift.Unchecked
        Largest       = @($files | Sort-Object Length -Descending | Select-Object -First 5 | ForEach-Object { [ordered]@{ Path = $_.Path; Length = $_.Length; SHA256 = $_.SHA256 } })
    }
    $report | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $ReportFolder 'report.json')

    if ($firstRun) {
        Write-Host ('First run: recorded {0:N0} files and {1:N0} symbolic links in the manifest; later runs report what changed, went missing or was added since.' -f $files.Count, $links.Count)
    }
    else {
        '{0} changed, {1} missing, {2} added since the manifest was recorded{3}.' -f $drift.Changed.Count, $drift.Missing.Count, $drift.Added.Count, $(if ($drift.Unchecked.Count) { ", $($drift.Unchecked.Count) could not be checked" } else { '' }) | Write-Host
        foreach ($kind in 'Changed', 'Missing', 'Added', 'Unchecked') {
            $drift[$kind] | Select-Object -First 10 | ForEach-Object { Write-Host "  $($kind.ToUpperInvariant()): $_" }
        }
        if ($AcceptChanges) { Write-Host 'Accepted: the manifest now records the folder as it is; the one it replaced is SHA256SUMS.previous.' }
        elseif ($drifted) { Write-Host "This drift is reported on every run until you accept it: review it, then run $AcceptCommand." }
    }
    Write-Host "Manifest: $manifest"
    Write-Host "Report:   $(Join-Path $ReportFolder 'report.json')"

    $exit = 0
    if (-not $AcceptChanges) {
        if ($drift.Changed.Count -or $drift.Missing.Count -or $drift.Unchecked.Count) { $exit = $exit -bor 1 }
        if ($drift.Added.Count) { $exit = $exit -bor 2 }
    }
    if ($badSignatures.Count) { $exit = $exit -bor 8 }
    exit $exit
}
catch {
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    exit 4
}
