<#
.SYNOPSIS
    Scheduled supply-chain audit: verifies the signatures of the executables and scripts under the given
    folders and compares them with a signer-aware baseline; writes a JSON report and a short text summary;
    exits with a bitmask a scheduler can act on.
.DESCRIPTION
    Meant for cron, systemd timers and Windows Task Scheduler (see examples/systemd and examples/windows).
    The first run, when -BaselinePath does not exist yet, verifies the signatures and records the baseline
    (creating its folder): it exits 0, or 8 when a signature that is present is not valid, or 32 when the
    baseline could not be recorded (the report says why). With -TrustedSigner the baseline must be signed, so
    record it yourself first (New-SoftwareBaseline -SigningCertificate); a first run with -TrustedSigner and no
    baseline exits 32. Keep the baseline (and its .p7s signature) where an attacker who can write the audited
    folders cannot, and give -TrustedSigner so a rewritten baseline is refused.

    Parameters are named only (no positional binding), so what a scheduler passes cannot bind to the wrong one.
    Several folders: -Path /opt/contoso,/usr/local/bin (one argument, separated by commas or semicolons, as
    `pwsh -File` passes it; an argument that names an existing folder is taken whole) or, from PowerShell,
    -Path a, b. An argument the script does not take is refused with exit 32.

    Exit code (add the values):
      0  nothing drifted and every signature that is present is valid
      1  files were added            2  files were removed           4  files changed
      8  a Critical finding: a signature broken, removed or by another signer, or an unsigned executable added
     16  the baseline could not be trusted (missing signature, wrong signer, tampered, unreadable)
     32  the audit could not run (module missing, bad arguments, the baseline could not be recorded)
    Nothing prompts and no progress is drawn: it is safe with no terminal.
.EXAMPLE
    pwsh -NoProfile -NonInteractive -File ./examples/Invoke-SupplyChainAudit.ps1 -Path /opt/contoso,/usr/local/bin -BaselinePath /var/lib/sct/contoso.baseline -ReportFolder /var/log/sct
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    # The folders to audit: several values, or one value with folders separated by ',' or ';'.
    [string[]] $Path,
    [string] $BaselinePath,
    [string] $ReportFolder,
    # Thumbprint(s) of the certificate the baseline must be signed by (several: separated by ',' or ';').
    [string[]] $TrustedSigner,
    # Reuse recorded hashes for entries whose size, times and file id are unchanged (faster; see the help of Compare-SoftwareBaseline).
    [switch] $Quick,
    # The files whose signatures are verified.
    [string[]] $SignatureInclude = @('*.exe', '*.dll', '*.sys', '*.ocx', '*.efi', '*.msi', '*.cat', '*.ps1', '*.psm1', '*.psd1', '*.ps1xml', '*.cdxml'),
    # The module to use; by default the installed SupplyChainTools.
    [string] $ModulePath = 'SupplyChainTools',
    # Anything else on the command line, refused with exit 32 (rather than bound to the wrong parameter).
    [Parameter(ValueFromRemainingArguments, DontShow)] [string[]] $UnexpectedArgument
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$ConfirmPreference = 'None'
$signatureFailures = 'HashMismatch', 'InvalidSignature', 'UnexpectedData', 'Malformed', 'Revoked', 'NotTrusted', 'Expired', 'InvalidCertificateUsage', 'WeakAlgorithm', 'PublisherNotAllowed'

function Split-List([string[]] $Values) {
    foreach ($value in $Values) {
        if (Test-Path -LiteralPath $value -PathType Container) { $value; continue }
        $value -split '[,;]' | ForEach-Object { $_.Trim() } | Where-Object { $_ }
    }
}

# The report written on every exit: the JSON, the text summary and latest.json in -ReportFolder.
function Write-AuditReport($Report, $Lines, [int] $ExitCode) {
    $Report.ExitCode = $ExitCode
    $Report.FinishedUtc = [DateTime]::UtcNow.ToString('o')
    $Lines.Insert(0, "SupplyChainTools audit of $($Report.Paths -join ', ') on $([Environment]::MachineName) at $($Report.StartedUtc): exit code $ExitCode.")
    $jsonPath = Join-Path $ReportFolder "audit-$stamp.json"
    $Report | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $jsonPath -Encoding utf8
    $Lines | Set-Content -LiteralPath (Join-Path $ReportFolder "audit-$stamp.txt") -Encoding utf8
    Copy-Item -LiteralPath $jsonPath -Destination (Join-Path $ReportFolder 'latest.json') -Force
}

$started = [DateTime]::UtcNow
$stamp = $started.ToString('yyyyMMddTHHmmssZ')
$report = [ordered]@{
    Host          = [Environment]::MachineName
    StartedUtc    = $started.ToString('o')
    Paths         = @(Split-List $Path)
    Baseline      = $BaselinePath
    ExitCode      = 0
    Signatures    = $null
    Drift         = $null
    Errors        = @()
}
$lines = [System.Collections.Generic.List[string]]::new()

try {
    $problem = if ($UnexpectedArgument) { "unexpected argument(s) $($UnexpectedArgument -join ' '); give several folders as one -Path value separated by commas (-Path /opt/a,/opt/b)" }
        elseif (-not $report.Paths) { '-Path is required' }
        elseif (-not $BaselinePath) { '-BaselinePath is required' }
        elseif (-not $ReportFolder) { '-ReportFolder is required' }
    if ($problem) { throw [ArgumentException]::new("Bad arguments: $problem.") }
    New-Item -ItemType Directory -Path $ReportFolder -Force | Out-Null
}
catch {
    [Console]::Error.WriteLine("The audit could not start: $($_.Exception.Message)")
    exit 32
}

try {
    Import-Module $ModulePath
    $folders = @(foreach ($folder in $report.Paths) { (Resolve-Path -LiteralPath $folder).ProviderPath })
    $report.Paths = $folders
    $TrustedSigner = @(Split-List $TrustedSigner)
    $baselineFolder = Split-Path -Parent $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($BaselinePath)
    New-Item -ItemType Directory -Path $baselineFolder -Force | Out-Null
    if (-not (Test-Path -LiteralPath $baselineFolder -PathType Container)) { throw [IO.IOException]::new("The baseline's folder '$baselineFolder' is a file; give a -BaselinePath in a folder.") }
}
catch {
    [Console]::Error.WriteLine("The audit could not start: $($_.Exception.Message)")
    $report.Errors += "The audit could not start: $($_.Exception.Message)"
    $lines.Add("The audit could not start: $($_.Exception.Message)")
    try { Write-AuditReport $report $lines 32 } catch { [Console]::Error.WriteLine("No report was written: $($_.Exception.Message)") }
    $lines | ForEach-Object { Write-Output $_ }
    exit 32
}

$exitCode = 0

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
    try {
        if ($TrustedSigner) { throw [InvalidOperationException]::new("-TrustedSigner requires a signed baseline and '$BaselinePath' does not exist; record it with New-SoftwareBaseline -SigningCertificate first.") }
        $created = New-SoftwareBaseline -LiteralPath $folders -OutFile $BaselinePath
        $report.Drift = [ordered]@{ FirstRun = $true; Entries = $created.Entries; Digest = $created.Digest }
        $lines.Add("Baseline: first run; recorded $($created.Entries) entries to $BaselinePath (digest $($created.Digest)); later runs report drift from it.")
    }
    catch {
        $exitCode = $exitCode -bor 32
        $report.Drift = [ordered]@{ FirstRun = $true; Recorded = $false; Problem = $_.Exception.Message; ErrorId = $_.FullyQualifiedErrorId }
        $lines.Add("Baseline: NOT RECORDED - $($_.Exception.Message)")
    }
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

Write-AuditReport $report $lines $exitCode
$lines | ForEach-Object { Write-Output $_ }
exit $exitCode
