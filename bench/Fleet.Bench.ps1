<#
.SYNOPSIS
    Fleet benchmark: hosts checked per minute over real SSH remoting on loopback.
.DESCRIPTION
    Starts -HostCount sshd endpoints on loopback (see tests/Pester/SshHosts.psm1), then in one Invoke-Command
    across all of them imports the module and verifies the signatures of the .NET runtime's DLLs (the check a
    golden-image audit runs). Prints the time for a cold round (sessions opened, module imported, check run)
    and a warm round (check only, sessions reused), and hosts per minute for each. All hosts share this
    machine's 2 cores, so a real fleet, where each host does its own work, checks more per minute.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $HostCount = 4
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/SshHosts.psm1')
if (-not (Get-SshdPath)) { 'sshd: not installed (apt-get install openssh-server)'; return }
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$folder = Split-Path -Parent ([object].Assembly.Location)

$fleet = Start-SshFleet -Count $HostCount
try {
    $check = {
        param($module, $folder)
        Import-Module $module
        $results = Test-AuthenticodeChain -LiteralPath $folder -Recurse -Include '*.dll'
        [pscustomobject]@{ Files = $results.Count; Valid = @($results | Where-Object IsValid).Count }
    }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $sessions = @(foreach ($h in $fleet.Hosts) { New-FleetSession -Fleet $fleet -HostEntry $h })
    $cold = Invoke-Command -Session $sessions -ScriptBlock $check -ArgumentList $ModulePath, $folder
    $clock.Stop()
    $coldSeconds = $clock.Elapsed.TotalSeconds

    $clock.Restart()
    $warm = Invoke-Command -Session $sessions -ScriptBlock $check -ArgumentList $ModulePath, $folder
    $clock.Stop()
    $warmSeconds = $clock.Elapsed.TotalSeconds
    $sessions | Remove-PSSession

    "$HostCount SSH hosts on loopback, each verifying $($cold[0].Files) DLLs ($($cold[0].Valid) valid); $([Environment]::ProcessorCount) cores shared by all hosts"
    '{0,-58} {1,8:N2} s  {2,6:N0} hosts/minute' -f 'cold: open sessions, import module, verify', $coldSeconds, (60 * $HostCount / $coldSeconds)
    '{0,-58} {1,8:N2} s  {2,6:N0} hosts/minute' -f 'warm: verify on open sessions', $warmSeconds, (60 * $HostCount / $warmSeconds)
    $perHost = $warm | Group-Object PSComputerName | ForEach-Object { "$($_.Name): $($_.Group[0].Valid)/$($_.Group[0].Files) valid" }
    'per host: ' + ($perHost -join '; ')
}
finally {
    Stop-SshFleet $fleet
}
