# Real SSH remoting endpoints on loopback for the remoting tests: Debian's OpenSSH server, one sshd per
# "host" on a port of its own, key authentication only, with pwsh registered as the powershell subsystem.
# Everything lives in one temporary folder and is removed by Stop-SshFleet.

function Get-SshdPath {
    foreach ($candidate in '/usr/sbin/sshd', '/usr/bin/sshd', '/usr/local/sbin/sshd') {
        if (Test-Path -LiteralPath $candidate) { return $candidate }
    }
    return $null
}

function Get-PwshCommandLine {
    # The pwsh that runs these tests, as a command line sshd can start (the dotnet tool runs as 'dotnet pwsh.dll').
    $process = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ($process -match 'dotnet(\.exe)?$') {
        return "$process $([AppDomain]::CurrentDomain.BaseDirectory)pwsh.dll"
    }
    return $process
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-SshFleet {
    param([int] $Count = 2)

    $sshd = Get-SshdPath
    if (-not $sshd) { throw 'sshd is not installed (Debian package openssh-server); .ci/run installs it.' }

    $root = Join-Path ([IO.Path]::GetTempPath()) ('sct-ssh-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $root | Out-Null
    New-Item -ItemType Directory -Path '/run/sshd' -Force | Out-Null
    $clientKey = Join-Path $root 'client_ed25519'
    & ssh-keygen -q -t ed25519 -N '' -f $clientKey | Out-Null
    Copy-Item -LiteralPath "$clientKey.pub" -Destination (Join-Path $root 'authorized_keys')
    chmod 600 $clientKey (Join-Path $root 'authorized_keys')

    $user = [Environment]::UserName
    $pwsh = Get-PwshCommandLine
    $hosts = foreach ($index in 1..$Count) {
        # A loopback address of its own per host, so PSComputerName tells the hosts apart.
        $address = "127.0.0.$($index + 1)"
        $port = Get-FreeTcpPort
        $hostKey = Join-Path $root "host$index`_ed25519"
        & ssh-keygen -q -t ed25519 -N '' -f $hostKey | Out-Null
        $config = Join-Path $root "sshd$index.conf"
        @(
            "Port $port"
            "ListenAddress $address"
            "HostKey $hostKey"
            "PidFile $(Join-Path $root "sshd$index.pid")"
            "AuthorizedKeysFile $(Join-Path $root 'authorized_keys')"
            'PubkeyAuthentication yes'
            'PasswordAuthentication no'
            'KbdInteractiveAuthentication no'
            'PermitRootLogin prohibit-password'
            'StrictModes no'
            'UsePAM no'
            "AllowUsers $user"
            "Subsystem powershell $pwsh -sshs -NoLogo -NoProfile"
        ) | Set-Content -LiteralPath $config
        $log = Join-Path $root "sshd$index.log"
        $process = Start-Process -FilePath $sshd -ArgumentList '-D', '-e', '-f', $config -RedirectStandardError $log -PassThru
        [pscustomobject]@{ Name = "host$index"; Address = $address; Port = $port; Process = $process; Log = $log }
    }

    foreach ($h in $hosts) {
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        $ready = $false
        while (-not $ready -and [DateTime]::UtcNow -lt $deadline) {
            try {
                $client = [System.Net.Sockets.TcpClient]::new($h.Address, $h.Port)
                $client.Dispose()
                $ready = $true
            }
            catch { Start-Sleep -Milliseconds 100 }
        }
        if (-not $ready) { throw "sshd on port $($h.Port) did not start: $(Get-Content -LiteralPath $h.Log -Raw)" }
    }

    [pscustomobject]@{ Root = $root; KeyFile = $clientKey; UserName = $user; Hosts = @($hosts) }
}

function New-FleetSession {
    param([Parameter(Mandatory)] $Fleet, [Parameter(Mandatory)] $HostEntry)
    $options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
    New-PSSession -HostName $HostEntry.Address -Port $HostEntry.Port -UserName $Fleet.UserName -KeyFilePath $Fleet.KeyFile -Options $options -Name $HostEntry.Name -ErrorAction Stop
}

function Stop-SshFleet {
    param($Fleet)
    if (-not $Fleet) { return }
    foreach ($h in $Fleet.Hosts) {
        if ($h.Process -and -not $h.Process.HasExited) { $h.Process.Kill($true); $h.Process.WaitForExit(5000) | Out-Null }
    }
    Remove-Item -LiteralPath $Fleet.Root -Recurse -Force -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function Get-SshdPath, Start-SshFleet, New-FleetSession, Stop-SshFleet
