<#
.SYNOPSIS
    Scheduled audit of signed downloads: verifies every artifact in a downloads folder against the detached
    signature beside it (OpenPGP .asc/.sig/.gpg, minisign .minisig, CMS .p7s, cosign .cosign) with the keys you pin,
    and reports a download signed by a key that did not sign this folder's downloads before.
.DESCRIPTION
    A validly signed file is not enough: the xz backdoor's release tarballs were validly signed, by a key that had
    been added months before. This audit records who signed each folder's downloads (the signer's fingerprint) in
    -ReportFolder (signers.json); a later download signed by any other pinned key is reported as a signer change
    until you accept it with -AcceptChanges. Keep -ReportFolder where an attacker who can write the downloads
    cannot.

    Artifacts are the files of -Path (with -Recurse, of its subfolders too) that are not signatures or keys
    themselves. A checksum file (SHA256SUMS and the like) signed beside it is an artifact like any other; verify the
    files it lists with Test-FileIntegrity -ChecksumFile -TrustedKey.

    Exit code (add the values):
      0  every artifact is signed by a pinned key that signed this folder's downloads before (or first run)
      1  an artifact is signed by a pinned key that is new for its folder (a change of signer to review)
      2  a signature is not valid: changed content, a key not pinned, expired or revoked, or unreadable
      4  an artifact has no signature beside it
     32  the audit could not run (module missing, bad arguments, no key could be read)
    Nothing prompts and no progress is drawn: it is safe with no terminal.
.EXAMPLE
    pwsh -NoProfile -NonInteractive -File ./examples/Invoke-DownloadAudit.ps1 -Path /srv/mirror/tool -TrustedKey /etc/sct/keys/vendor.asc -ReportFolder /var/lib/sct/downloads
.EXAMPLE
    pwsh -NoProfile -NonInteractive -File ./examples/Invoke-DownloadAudit.ps1 -Path /srv/mirror/tool -TrustedKey /etc/sct/keys/vendor.asc, /etc/sct/keys/vendor-2027.asc -ReportFolder /var/lib/sct/downloads -AcceptChanges
    After confirming with the vendor that its new key is genuine: records the folder's signers as they are now.
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    [Parameter(Mandatory)] [string] $Path,
    # Key files, keyring folders or fingerprints (several: separated by ',' or ';', as `pwsh -File` passes them).
    [Parameter(Mandatory)] [string[]] $TrustedKey,
    [Parameter(Mandatory)] [string] $ReportFolder,
    [switch] $Recurse,
    # Record the signers found now as the ones later runs expect (accepts the signer changes reported).
    [switch] $AcceptChanges,
    # The module to use; by default the installed SupplyChainTools.
    [string] $ModulePath = 'SupplyChainTools'
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$signatureExtensions = '.asc', '.sig', '.gpg', '.sign', '.minisig', '.p7s', '.cosign', '.sigstore', '.pub', '.pem'

try {
    Import-Module $ModulePath
    $root = (Resolve-Path -LiteralPath $Path).ProviderPath
    New-Item -ItemType Directory -Path $ReportFolder -Force | Out-Null
    $signersFile = Join-Path $ReportFolder 'signers.json'
    $keys = @($TrustedKey | ForEach-Object { $_ -split '[,;]' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    foreach ($key in $keys) {
        # A fingerprint is 16, 40 or 64 hex digits; anything else names a key file or keyring folder, which must exist.
        if ($key -notmatch '^(0x)?[0-9A-Fa-f]{16}([0-9A-Fa-f]{24}([0-9A-Fa-f]{24})?)?$' -and -not (Test-Path -LiteralPath $key)) {
            throw "The trusted key '$key' does not exist."
        }
    }

    $artifacts = @(Get-ChildItem -LiteralPath $root -File -Recurse:$Recurse | Where-Object { $_.Extension.ToLowerInvariant() -notin $signatureExtensions } | Sort-Object FullName)
    $failures = @()
    $results = @(if ($artifacts.Count) { Test-DetachedSignature -LiteralPath $artifacts.FullName -TrustedKey $keys -ErrorAction SilentlyContinue -ErrorVariable failures })
    $unsigned = @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'SignatureFileNotFound*' } | ForEach-Object { [string]$_.TargetObject })
    $unreadable = @($failures | Where-Object { $_.FullyQualifiedErrorId -notlike 'SignatureFileNotFound*' } | ForEach-Object { "$($_.TargetObject): $($_.Exception.Message)" })
    $invalid = @($results | Where-Object Status -NE 'Valid')

    # Who signed each folder's downloads: recorded on the first run (and on -AcceptChanges), compared on later runs.
    $recorded = @{}
    $firstRun = -not (Test-Path -LiteralPath $signersFile)
    if (-not $firstRun) {
        $json = Get-Content -LiteralPath $signersFile -Raw | ConvertFrom-Json
        foreach ($folder in $json.PSObject.Properties) { $recorded[$folder.Name] = @($folder.Value) }
    }
    $current = @{}
    $newSigners = foreach ($result in $results | Where-Object Status -EQ 'Valid') {
        $folder = Split-Path -Parent $result.Path
        if (-not $current.ContainsKey($folder)) { $current[$folder] = [Collections.Generic.List[string]]::new() }
        if (-not $current[$folder].Contains($result.SignerFingerprint)) { $current[$folder].Add($result.SignerFingerprint) }
        if (-not $firstRun -and $result.SignerFingerprint -notin @($recorded[$folder])) {
            [ordered]@{ Path = $result.Path; SignerFingerprint = $result.SignerFingerprint; SignerUserId = $result.SignerUserId; Expected = @($recorded[$folder]) }
        }
    }
    $newSigners = @($newSigners)
    if ($firstRun -or $AcceptChanges) {
        $merged = [ordered]@{}
        foreach ($folder in @($recorded.Keys) + @($current.Keys) | Sort-Object -Unique) {
            $merged[$folder] = @(if ($AcceptChanges -or -not $recorded.ContainsKey($folder)) { @($current[$folder]) + @($recorded[$folder]) | Where-Object { $_ } | Sort-Object -Unique } else { $recorded[$folder] })
        }
        $merged | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath $signersFile
    }

    $exit = 0
    if ($newSigners.Count -and -not $AcceptChanges) { $exit = $exit -bor 1 }
    if ($invalid.Count -or $unreadable.Count) { $exit = $exit -bor 2 }
    if ($unsigned.Count) { $exit = $exit -bor 4 }
    $report = [ordered]@{
        Path       = $root
        TimeUtc    = [DateTime]::UtcNow.ToString('o')
        FirstRun   = $firstRun
        Accepted   = [bool]$AcceptChanges
        Artifacts  = $artifacts.Count
        Valid      = @($results | Where-Object Status -EQ 'Valid').Count
        NewSigners = $newSigners
        NotValid   = @($invalid | ForEach-Object { [ordered]@{ Path = $_.Path; Status = $_.Status; Message = $_.StatusMessage; SignerFingerprint = $_.SignerFingerprint } })
        Unsigned   = $unsigned
        Unreadable = $unreadable
        Signers    = @($results | Where-Object SignerFingerprint | Group-Object SignerFingerprint | ForEach-Object { [ordered]@{ Fingerprint = $_.Name; UserId = $_.Group[0].SignerUserId; Files = $_.Count } })
        ExitCode   = $exit
    }
    $report | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $ReportFolder 'report.json')

    '{0} artifacts: {1} valid, {2} not valid, {3} without a signature, {4} signed by a key new for its folder.' -f $artifacts.Count, $report.Valid, ($invalid.Count + $unreadable.Count), $unsigned.Count, $newSigners.Count | Write-Host
    foreach ($signer in $report.Signers) { Write-Host "  signed by $($signer.Fingerprint) $($signer.UserId): $($signer.Files)" }
    foreach ($change in $newSigners | Select-Object -First 10) { Write-Host "  NEW SIGNER: $($change.Path) by $($change.SignerFingerprint) (before: $($change.Expected -join ', '))" }
    foreach ($bad in $invalid | Select-Object -First 10) { Write-Host "  $($bad.Status.ToUpperInvariant()): $($bad.Path): $($bad.StatusMessage)" }
    foreach ($line in @($unreadable) + @($unsigned | ForEach-Object { "NO SIGNATURE: $_" }) | Select-Object -First 10) { Write-Host "  $line" }
    if ($firstRun) { Write-Host "First run: recorded who signed each folder's downloads in $signersFile." }
    elseif ($newSigners.Count -and -not $AcceptChanges) { Write-Host 'A new signer is reported on every run until you accept it: confirm the key with its vendor, then run the same command with -AcceptChanges.' }
    Write-Host "Report: $(Join-Path $ReportFolder 'report.json'); exit code $exit"
    exit $exit
}
catch {
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    exit 32
}
