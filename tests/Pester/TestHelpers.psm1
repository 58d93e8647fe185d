# Shared helpers for the Pester suite: the module under test, fixtures, a child pwsh, serialization round trips.

function Get-ModuleUnderTest {
    if (-not $env:SUPPLYCHAINTOOLS_MODULE) { throw 'SUPPLYCHAINTOOLS_MODULE is not set; run the suite through build.ps1 -Task Test.' }
    return $env:SUPPLYCHAINTOOLS_MODULE
}

function Get-FixturePath([string] $Relative) {
    return Join-Path $env:SUPPLYCHAINTOOLS_FIXTURES $Relative
}

function New-TestFolder {
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("sct-" + [guid]::NewGuid().ToString('N').Substring(0, 12))
    New-Item -ItemType Directory -Path $path | Out-Null
    return $path
}

function Invoke-Roundtrip($InputObject, [int] $Depth = 3) {
    $xml = [System.Management.Automation.PSSerializer]::Serialize($InputObject, $Depth)
    return [System.Management.Automation.PSSerializer]::Deserialize($xml)
}

function Get-Sha256Hex([byte[]] $Bytes) {
    return [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($Bytes))
}

function Get-PwshCommand {
    # The pwsh running the tests, as a command and its first arguments: the dotnet tool runs as 'dotnet exec pwsh.dll'.
    $exe = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ($exe -match 'dotnet(\.exe)?$') { return @($exe, 'exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) }
    return @($exe)
}

function Invoke-ChildPwsh([string] $Command, [hashtable] $Environment = @{}) {
    # Runs a command in a child pwsh whose output goes to a pipe, as under cron or systemd; returns what it printed.
    $pwsh = @(Get-PwshCommand)
    $saved = @{}
    foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
    try {
        $lines = $null | & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command 2>&1
        return [pscustomobject]@{ Output = ($lines | ForEach-Object { "$_" }) -join "`n"; ExitCode = $LASTEXITCODE }
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

Export-ModuleMember -Function *
