<#
.SYNOPSIS
    Registers a daily Windows scheduled task that runs the SupplyChainTools audit as SYSTEM.
.DESCRIPTION
    The task runs Invoke-SupplyChainAudit.ps1 with pwsh (PowerShell 7) or, with -WindowsPowerShell,
    powershell.exe (5.1). The task's last result is the audit's exit code: the documented bitmask
    (1 added, 2 removed, 4 changed, 8 critical, 16 baseline untrusted, 32 the audit could not run),
    so monitoring can alert on any non-zero "Last Run Result".
.EXAMPLE
    .\Register-SupplyChainAuditTask.ps1 -ScriptPath 'C:\ProgramData\SupplyChainTools\Invoke-SupplyChainAudit.ps1' -Path 'C:\Program Files\Contoso' -BaselinePath 'C:\ProgramData\SupplyChainTools\golden.baseline' -ReportFolder 'C:\ProgramData\SupplyChainTools\Reports'
#>
#Requires -RunAsAdministrator
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $ScriptPath,
    [Parameter(Mandatory)] [string[]] $Path,
    [Parameter(Mandatory)] [string] $BaselinePath,
    [Parameter(Mandatory)] [string] $ReportFolder,
    [string] $TaskName = 'SupplyChainTools integrity audit',
    [datetime] $At = '03:00',
    [switch] $WindowsPowerShell
)

$shell = if ($WindowsPowerShell) { Join-Path $env:SystemRoot 'System32\WindowsPowerShell\v1.0\powershell.exe' } else { (Get-Command pwsh -ErrorAction Stop).Source }
$quotedPaths = ($Path | ForEach-Object { "'" + $_.Replace("'", "''") + "'" }) -join ','
$arguments = "-NoProfile -NonInteractive -ExecutionPolicy Bypass -Command `"& '$ScriptPath' -Path $quotedPaths -BaselinePath '$BaselinePath' -ReportFolder '$ReportFolder'; exit `$LASTEXITCODE`""

$action = New-ScheduledTaskAction -Execute $shell -Argument $arguments
$trigger = New-ScheduledTaskTrigger -Daily -At $At
$principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -ExecutionTimeLimit (New-TimeSpan -Hours 2) -MultipleInstances IgnoreNew

if ($PSCmdlet.ShouldProcess($TaskName, 'Register scheduled task')) {
    Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Principal $principal -Settings $settings -Description 'Verifies Authenticode signatures and compares installed software with a signer-aware baseline (SupplyChainTools, MITRE ATT&CK T1195).' -Force
}
