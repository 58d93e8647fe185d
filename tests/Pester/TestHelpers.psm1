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

Export-ModuleMember -Function *
