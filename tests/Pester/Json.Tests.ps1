# Scheduled scripts log results as JSON: every output type must convert with ConvertTo-Json -Depth 5, without a
# truncation warning or an error, and read back with its key values.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'CatalogBuilder.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:work = New-TestFolder
    $script:runtimeDll = Join-Path (Split-Path -Parent ([object].Assembly.Location)) 'System.Runtime.dll'
    $script:app = Join-Path $work 'app'
    New-Item -ItemType Directory -Path $app | Out-Null
    Set-Content -LiteralPath (Join-Path $app 'tool.psm1') -Value 'function Get-Tool { 1 }'
    Set-Content -LiteralPath (Join-Path $app 'readme.txt') -Value 'hello'
    $script:baseline = Join-Path $work 'app.scbl'
    $script:identity = New-TestCodeSigningIdentity
    New-TestCatalog -Folder $app -CatalogPath (Join-Path $work 'app.cat') -Identity $identity
    $script:rootFile = Join-Path $work 'root.cer'
    [IO.File]::WriteAllBytes($rootFile, $identity.Root.Export('Cert'))

    function ConvertTo-CheckedJson($InputObject) {
        $json = $InputObject | ConvertTo-Json -Depth 5 -WarningVariable truncation -WarningAction SilentlyContinue -ErrorAction Stop
        $truncation | Should -BeNullOrEmpty -Because 'no output type may need more than -Depth 5'
        return $json | ConvertFrom-Json
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Every output type converts to JSON' {
    It 'SupplyChainTools.FileIntegrity (with the signature summary)' {
        (ConvertTo-CheckedJson (Get-FileIntegrity -LiteralPath $runtimeDll -Signature)).SignatureStatus | Should -Be 'Valid'
    }

    It 'SupplyChainTools.FileIntegrityCheck' {
        (ConvertTo-CheckedJson (Test-FileIntegrity -ChecksumFile (Get-FixturePath 'checksums/SHA256SUMS.bsd'))).Status | Should -Be @('Match', 'Match', 'Match')
    }

    It 'SupplyChainTools.AuthenticodeSignature (nested signatures included)' {
        $result = Test-AuthenticodeChain -LiteralPath (Get-FixturePath 'authenticode/pe/nested.exe') -TrustedRootCertificate (Get-FixturePath 'authenticode/pki/CACert.pem') -NoDefaultTrust -VerificationTime 2019-09-01
        $json = ConvertTo-CheckedJson $result
        $json.Status | Should -Be 'Valid'
        $json.NestedSignatures[0].Status | Should -Be 'Valid'
    }

    It 'SupplyChainTools.CatalogFileCheck and SupplyChainTools.CatalogCheckSummary' {
        (ConvertTo-CheckedJson (Test-CatalogIntegrity -CatalogFilePath (Join-Path $work 'app.cat') -Path $app -TrustedRootCertificate $rootFile -NoDefaultTrust)).Status | Should -Be @('Valid', 'Valid')
        (ConvertTo-CheckedJson (Test-CatalogIntegrity -CatalogFilePath (Join-Path $work 'app.cat') -Path $app -TrustedRootCertificate $rootFile -NoDefaultTrust -Summary)).IsValid | Should -BeTrue
    }

    It 'SupplyChainTools.BaselineSummary, BaselineChange and BaselineComparisonSummary' {
        (ConvertTo-CheckedJson (New-SoftwareBaseline -Path $app -OutFile $baseline)).Entries | Should -BeGreaterThan 1
        Add-Content -LiteralPath (Join-Path $app 'readme.txt') -Value 'changed'
        (ConvertTo-CheckedJson (Compare-SoftwareBaseline -ReferenceBaseline $baseline -Path $app)).Change | Should -Be 'ContentChanged'
        $summary = ConvertTo-CheckedJson (Compare-SoftwareBaseline -ReferenceBaseline $baseline -Path $app -Summary)
        $summary.ExitCode | Should -Be 4
        $summary.Changes[0].Change | Should -Be 'ContentChanged'
    }

    It 'SupplyChainTools.VulnerabilityMatch and SupplyChainTools.KnownBadFileMatch' {
        $component = [SupplyChainTools.SoftwareComponent]::new('npm', 'ua-parser-js', '0.7.29', $null, '/srv/web/package-lock.json', 'package-lock.json', $false, $null, '/srv/web')
        $match = ConvertTo-CheckedJson ($component | Test-KnownVulnerability -OsvDatabase (Get-FixturePath 'osv/cache'))
        $match.Status | Should -Be 'Affected'
        $match.Aliases | Should -Be 'CVE-2021-4229'
        $file = ConvertTo-CheckedJson (Test-KnownBadFile -LiteralPath (Get-FixturePath 'indicators/samples/sample-a.bin') -IndicatorPath (Get-FixturePath 'indicators/hashes.txt'))
        $file.Algorithm | Should -Be 'SHA256'
        $file.IndicatorSource | Should -Match 'hashes\.txt:3$'
    }
}
