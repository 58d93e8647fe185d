@{
    RootModule           = 'SupplyChainTools.psm1'
    ModuleVersion        = '0.0.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f1f3e8c-3b0e-4c53-9a57-3c2f3f5e7a10'
    Author               = 'SupplyChainTools contributors'
    CompanyName          = 'SupplyChainTools'
    Copyright            = '(c) SupplyChainTools contributors. MIT License.'
    Description          = 'Detect software supply-chain compromise (MITRE ATT&CK T1195): prove that files, binaries and scripts are what their publisher shipped, with fast multi-algorithm hashing and checksum-manifest verification on Windows PowerShell 5.1 and PowerShell 7.4+ on Windows, Linux and macOS.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    TypesToProcess       = @('SupplyChainTools.Types.ps1xml')
    FormatsToProcess     = @('SupplyChainTools.Format.ps1xml', 'SupplyChainTools.Baselines.Format.ps1xml', 'SupplyChainTools.Advisories.Format.ps1xml', 'SupplyChainTools.Packages.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @('Get-FileIntegrity', 'Test-FileIntegrity', 'Test-AuthenticodeChain', 'Test-CatalogIntegrity', 'New-SoftwareBaseline', 'Compare-SoftwareBaseline', 'Update-SoftwareBaseline', 'Test-KnownVulnerability', 'Test-KnownBadFile', 'Test-PackageSignature', 'ConvertTo-SarifLog',
                             'Test-DependencyPinning', 'Test-DependencySource', 'Test-DetachedSignature')
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Security', 'SupplyChain', 'Integrity', 'Hash', 'Checksum', 'SHA256', 'T1195', 'Linux', 'MacOS', 'Windows', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See CHANGELOG.md in the module folder.'
        }
    }
}
