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

# Documented examples (README.md, the MAML help) show paths under this root and are run from a real folder.
$DocumentedRoot = '/home/user/SupplyChainTools'
# Shown lines that name a time, a digest of times, or the machine's .NET version: not compared.
$VolatileLine = 'LastWriteTimeUtc|^\s*(Digest|BaselineDigest|Elapsed)\s*:|Microsoft\.NETCore\.App/'

function Invoke-DocumentedCode([string[]] $Command, [string] $Root, [string] $Location = $Root, [int] $Width = 120) {
    # Runs the commands of one example in one scope, each formatted on its own as the console would, from
    # $Location; errors stop it. Returns the output with $Root written as the documents write it.
    Push-Location -LiteralPath $Location
    try {
        $ErrorActionPreference = 'Stop'
        $text = foreach ($__line in $Command) { . ([scriptblock]::Create($__line)) | Out-String -Width $Width }
    }
    finally {
        Pop-Location
    }
    return ($text -join "`n").Replace($Root, $DocumentedRoot)
}

function Assert-DocumentedOutput([string] $Actual, [string] $Expected) {
    # Every line a document shows, but those naming a time or the machine, is printed, in the same order.
    $printed = @($Actual -split "`r?`n" | ForEach-Object TrimEnd | Where-Object { $_ })
    $at = 0
    foreach ($line in @($Expected -split "`r?`n" | ForEach-Object TrimEnd | Where-Object { $_ -and $_ -notmatch $VolatileLine })) {
        while ($at -lt $printed.Count -and $printed[$at] -ne $line) { $at++ }
        ($at -lt $printed.Count) | Should -BeTrue -Because "the document shows '$line' (after the lines before it), but the example printed:`n$Actual"
        $at++
    }
}

function Get-HelpExampleCode([string] $Key) {
    # The code of one example of the module's MAML help, by "<cmdlet> <number>" as HelpExamples.Tests.ps1 names it.
    $name, $number = $Key -split ' ', 2
    $helpFile = Join-Path (Split-Path -Parent (Get-ModuleUnderTest)) 'en-US/SupplyChainTools.dll-Help.xml'
    $command = [regex]::Match((Get-Content -LiteralPath $helpFile -Raw), "(?s)<command:name>$([regex]::Escape($name))</command:name>(?<body>.*?)</command:command>")
    $examples = [regex]::Matches($command.Groups['body'].Value, '(?s)<command:example>.*?<dev:code>(?<code>.*?)</dev:code>')
    if ([int] $number -gt $examples.Count) { throw "The help of $name has no example $number." }
    return [System.Net.WebUtility]::HtmlDecode($examples[[int] $number - 1].Groups['code'].Value)
}

Export-ModuleMember -Function *
