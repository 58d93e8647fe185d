<#
.SYNOPSIS
    Integrity audit of a software installation: records a SHA-256 manifest of every file on the first run,
    and on every later run reports what changed, was added or went missing since.
.DESCRIPTION
    The manifest (GNU sha256sum format, paths relative to the audited folder) and a JSON report are written
    to -ReportFolder. Keep that folder somewhere an attacker who can write the audited folder cannot.
    Every file's Authenticode signature (PE files, PowerShell scripts, catalogs) is verified from the same read,
    and the report lists signatures that are present but not valid.
    Exit code: 0 nothing drifted (or first run), 1 files changed or went missing, 2 files were added, 3 both,
    4 the audit could not run, 8 a signature that is present is not valid (added to the others).
.EXAMPLE
    pwsh -File ./examples/Invoke-IntegrityAudit.ps1 -Path /usr/share/dotnet -ReportFolder /var/lib/sct/dotnet
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $ReportFolder,
    # The module to use; by default the installed SupplyChainTools.
    [string] $ModulePath = 'SupplyChainTools'
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module $ModulePath
    $root = (Resolve-Path -LiteralPath $Path).ProviderPath.TrimEnd([IO.Path]::DirectorySeparatorChar)
    New-Item -ItemType Directory -Path $ReportFolder -Force | Out-Null
    $manifest = Join-Path $ReportFolder 'SHA256SUMS'
    $previous = Join-Path $ReportFolder 'SHA256SUMS.previous'

    Write-Host "Auditing $root"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $files = @(Get-FileIntegrity -LiteralPath $root -Recurse -Signature -ErrorAction Continue -ErrorVariable readErrors)
    $clock.Stop()
    $bytes = ($files | Measure-Object -Property Length -Sum).Sum
    '{0:N0} files, {1:N1} MB hashed and their signatures verified in {2:N2} s; {3} could not be read.' -f $files.Count, ($bytes / 1MB), $clock.Elapsed.TotalSeconds, $readErrors.Count | Write-Host
    $signed = @($files | Where-Object { $_.SignatureStatus -notin 'NotSigned', 'NotSupportedFileFormat' })
    $bySigner = $signed | Where-Object SignatureStatus -EQ 'Valid' | Group-Object SignerSubject | Sort-Object Count -Descending
    'Signatures: {0}' -f (($files | Group-Object SignatureStatus | Sort-Object Count -Descending | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', ') | Write-Host
    foreach ($group in $bySigner | Select-Object -First 3) { Write-Host "  $($group.Count) valid, signed by $($group.Name)" }
    $badSignatures = @($signed | Where-Object SignatureStatus -NE 'Valid')
    foreach ($bad in $badSignatures | Select-Object -First 10) { Write-Host "  $($bad.SignatureStatus): $($bad.Path)" }

    $drift = [ordered]@{ Changed = @(); Missing = @(); Added = @() }
    if (Test-Path -LiteralPath $manifest) {
        Write-Host "Comparing with the manifest recorded earlier: $manifest"
        $checks = @(Test-FileIntegrity -ChecksumFile $manifest -BasePath $root)
        $drift.Changed = @($checks | Where-Object Status -EQ 'Mismatch' | ForEach-Object Path)
        $drift.Missing = @($checks | Where-Object Status -EQ 'Missing' | ForEach-Object Path)
        $known = [System.Collections.Generic.HashSet[string]]::new([string[]]@($checks.Path))
        $drift.Added = @($files.Path | Where-Object { -not $known.Contains($_) })
        Move-Item -LiteralPath $manifest -Destination $previous -Force
    }
    else {
        Write-Host 'First run: recording the manifest that later runs compare against.'
    }

    $lines = foreach ($file in $files) {
        $relative = [IO.Path]::GetRelativePath($root, $file.Path)
        if ([IO.Path]::DirectorySeparatorChar -eq '\') { $relative = $relative.Replace('\', '/') }
        if ($relative -match '[\\\r\n]') {
            # GNU escaping: a leading backslash, then \\, \n and \r inside the name.
            '\' + $file.SHA256.ToLowerInvariant() + '  ' + $relative.Replace('\', '\\').Replace("`n", '\n').Replace("`r", '\r')
        }
        else {
            $file.SHA256.ToLowerInvariant() + '  ' + $relative
        }
    }
    [IO.File]::WriteAllLines($manifest, [string[]]$lines)

    $report = [ordered]@{
        Path          = $root
        TimeUtc       = [DateTime]::UtcNow.ToString('o')
        Files         = $files.Count
        Bytes         = $bytes
        Seconds       = [Math]::Round($clock.Elapsed.TotalSeconds, 3)
        Unreadable    = @($readErrors | ForEach-Object { "$($_.TargetObject): $($_.Exception.Message)" })
        Signatures    = [ordered]@{
            ByStatus = @($files | Group-Object SignatureStatus | ForEach-Object { [ordered]@{ Status = $_.Name; Count = $_.Count } })
            NotValid = @($badSignatures | ForEach-Object { [ordered]@{ Path = $_.Path; Status = $_.SignatureStatus } })
        }
        Changed       = $drift.Changed
        Missing       = $drift.Missing
        Added         = $drift.Added
        Largest       = @($files | Sort-Object Length -Descending | Select-Object -First 5 | ForEach-Object { [ordered]@{ Path = $_.Path; Length = $_.Length; SHA256 = $_.SHA256 } })
    }
    $report | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $ReportFolder 'report.json')

    '{0} changed, {1} missing, {2} added since the last run.' -f $drift.Changed.Count, $drift.Missing.Count, $drift.Added.Count | Write-Host
    foreach ($kind in 'Changed', 'Missing', 'Added') {
        $drift[$kind] | Select-Object -First 10 | ForEach-Object { Write-Host "  $($kind.ToUpperInvariant()): $_" }
    }
    Write-Host "Manifest: $manifest"
    Write-Host "Report:   $(Join-Path $ReportFolder 'report.json')"

    $exit = 0
    if ($drift.Changed.Count -or $drift.Missing.Count) { $exit = $exit -bor 1 }
    if ($drift.Added.Count) { $exit = $exit -bor 2 }
    if ($badSignatures.Count) { $exit = $exit -bor 8 }
    exit $exit
}
catch {
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    exit 4
}
