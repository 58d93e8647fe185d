<#
.SYNOPSIS
    Scheduled supply-chain audit: verifies the signatures of the executables and scripts under the given
    folders and compares them with a signer-aware baseline; writes a JSON report and a short text summary;
    exits with a bitmask a scheduler can act on.
.DESCRIPTION
    Meant for cron, systemd timers and Windows Task Scheduler (see examples/systemd and examples/windows).
    The first run, when -BaselinePath does not exist yet, records the baseline and exits 0; keep the baseline
    (and its .p7s signature, if you sign it with New-SoftwareBaseline -SigningCertificate) where an attacker
    who can write the audited folders cannot, and give -TrustedSigner so a rewritten baseline is refused.

    Exit code (add the values):
      0  nothing drifted and every signature that is present is valid
      1  files were added            2  files were removed           4  files changed
      8  a Critical finding: a signature broken, removed or by another signer, or an unsigned executable added
     16  the baseline could not be trusted (missing signature, wrong signer, tampered, unreadable)
     32  the audit could not run (module missing, bad arguments)
    Nothing prompts and no progress is drawn: it is safe with no terminal.
.EXAMPLE
    pwsh -NoProfile -NonInteractive -File ./examples/Invoke-SupplyChainAudit.ps1 -Path /opt/contoso -BaselinePath /var/lib/sct/contoso.baseline -ReportFolder /var/log/sct
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string[]] $Path,
    [Parameter(Mandatory)] [string] $BaselinePath,
    [Parameter(Mandatory)] [string] $ReportFolder,
    # Thumbprint(s) of the certificate the baseline must be signed by.
    [string[]] $TrustedSigner,
    # Reuse recorded hashes for entries whose size, times and file id are unchanged (faster; see the help of Compare-SoftwareBaseline).
    [switch] $Quick,
    # The files whose signatures are verified.
    [string[]] $SignatureInclude = @('*.exe', '*.dll', '*.sys', '*.ocx', '*.efi', '*.msi', '*.cat', '*.ps1', '*.psm1', '*.psd1', '*.ps1xml', '*.cdxml'),
    # The module to use; by default the installed SupplyChainTools.
    [string] $ModulePath = 'SupplyChainTools'
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$ConfirmPreference = 'None'
$signatureFailures = 'HashMismatch', 'InvalidSignature', 'UnexpectedData', 'Malformed', 'Revoked', 'NotTrusted', 'Expired', 'InvalidCertificateUsage', 'WeakAlgorithm', 'PublisherNotAllowed'

try {
    Import-Module $ModulePath
    $folders = @(foreach ($folder in $Path) { (Resolve-Path -LiteralPath $folder).ProviderPath })
    New-Item -ItemType Directory -Path $ReportFolder -Force | Out-Null
}
catch {
    [Console]::Error.WriteLine("The audit could not start: $($_.Exception.Message)")
    exit 32
}

$stamp = [DateTime]::UtcNow.ToString('yyyyMMddTHHmmssZ')
$report = [ordered]@{
    Host          = [Environment]::MachineName
    StartedUtc    = [DateTime]::UtcNow.ToString('o')
    Paths         = $folders
    Baseline      = $BaselinePath
    ExitCode      = 0
    Signatures    = $null
    Drift         = $null
    Errors        = @()
}
$exitCode = 0
$lines = [System.Collections.Generic.List[string]]::new()

# 1. Signatures of everything that can carry one.
$verified = @(Test-AuthenticodeChain -LiteralPath $folders -Recurse -Include $SignatureInclude -ErrorAction SilentlyContinue -ErrorVariable signatureErrors)
$failed = @($verified | Where-Object { $_.Status -in $signatureFailures })
$report.Signatures = [ordered]@{
    Verified = $verified.Count
    ByStatus = [ordered]@{}
    Failures = @($failed | ForEach-Object { [ordered]@{ Path = $_.Path; Status = $_.Status; Message = $_.StatusMessage; Signer = $_.SignerSubject } })
}
foreach ($group in $verified | Group-Object Status | Sort-Object Name) { $report.Signatures.ByStatus[$group.Name] = $group.Count }
$report.Errors += @($signatureErrors | ForEach-Object { "$($_.TargetObject): $($_.Exception.Message)" })
if ($failed.Count -gt 0) { $exitCode = $exitCode -bor 8 }
$lines.Add(('Signatures: {0} files verified; {1} failed ({2}).' -f $verified.Count, $failed.Count, (($verified | Group-Object Status | Sort-Object Name | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', ')))
foreach ($item in $failed | Select-Object -First 20) { $lines.Add("  $($item.Status): $($item.Path) - $($item.StatusMessage)") }

# 2. Drift from the baseline (recorded on the first run).
if (-not (Test-Path -LiteralPath $BaselinePath)) {
    $created = New-SoftwareBaseline -Path $folders -OutFile $BaselinePath
    $report.Drift = [ordered]@{ FirstRun = $true; Entries = $created.Entries; Digest = $created.Digest }
    $lines.Add("Baseline: first run; recorded $($created.Entries) entries to $BaselinePath (digest $($created.Digest)).")
}
else {
    $compare = @{ ReferenceBaseline = $BaselinePath; Path = $folders; Summary = $true; Quick = $Quick }
    if ($TrustedSigner) { $compare.TrustedSigner = $TrustedSigner }
    try {
        $summary = Compare-SoftwareBaseline @compare
        $exitCode = $exitCode -bor $summary.ExitCode
        $report.Drift = [ordered]@{
            FirstRun       = $false
            BaselineDigest = $summary.BaselineDigest
            ExitCode       = $summary.ExitCode
            Critical       = $summary.Critical
            High           = $summary.High
            Info           = $summary.Info
            Changes        = @($summary.Changes | ForEach-Object { [ordered]@{ Path = $_.Path; Change = $_.Change; Severity = $_.Severity; Detail = $_.Detail } })
        }
        $lines.Add(('Baseline: {0} changes ({1} critical, {2} high, {3} info) against {4}.' -f $summary.TotalChanges, $summary.Critical, $summary.High, $summary.Info, $BaselinePath))
        foreach ($change in $summary.Changes | Sort-Object { switch ($_.Severity) { 'Critical' { 0 } 'High' { 1 } default { 2 } } } | Select-Object -First 20) {
            $lines.Add("  $($change.Severity) $($change.Change): $($change.Path) - $($change.Detail)")
        }
    }
    catch {
        $exitCode = $exitCode -bor 16
        $report.Drift = [ordered]@{ FirstRun = $false; BaselineTrusted = $false; Problem = $_.Exception.Message; ErrorId = $_.FullyQualifiedErrorId }
        $lines.Add("Baseline: REFUSED - $($_.Exception.Message)")
    }
}

$report.ExitCode = $exitCode
$report.FinishedUtc = [DateTime]::UtcNow.ToString('o')
$lines.Insert(0, "SupplyChainTools audit of $($folders -join ', ') on $([Environment]::MachineName) at $($report.StartedUtc): exit code $exitCode.")
$jsonPath = Join-Path $ReportFolder "audit-$stamp.json"
$textPath = Join-Path $ReportFolder "audit-$stamp.txt"
$report | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $jsonPath -Encoding utf8
$lines | Set-Content -LiteralPath $textPath -Encoding utf8
Copy-Item -LiteralPath $jsonPath -Destination (Join-Path $ReportFolder 'latest.json') -Force
$lines | ForEach-Object { Write-Output $_ }
exit $exitCode
