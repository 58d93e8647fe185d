# Test-SbomManifest as users run it: a small vendor product with its SPDX 2.2 manifest and a catalog the tests
# sign, intact and tampered (a file changed, one removed, one added, the manifest itself edited); and the real
# manifest of an installed PowerShell when this machine has one.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'CatalogBuilder.psm1') -Force
    Import-Module (Get-ModuleUnderTest) -Force
    $script:identity = New-TestCodeSigningIdentity
    $script:rootFile = Join-Path ([IO.Path]::GetTempPath()) ("sct-root-" + [guid]::NewGuid().ToString('N') + '.cer')
    [IO.File]::WriteAllBytes($rootFile, $identity.Root.Export('Cert'))
    $script:trust = @{ TrustedRootCertificate = $rootFile; NoDefaultTrust = $true }

    function New-SignedProduct {
        $folder = New-TestFolder
        Copy-Item -Path (Join-Path (Get-FixturePath 'sbom/product') '*') -Destination $folder -Recurse
        $manifestFolder = Join-Path $folder '_manifest/spdx_2.2'
        New-TestCatalog -Folder $manifestFolder -CatalogPath (Join-Path $manifestFolder 'manifest.cat') -Identity $identity
        return $folder
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:rootFile -Force -ErrorAction SilentlyContinue
}

Describe 'Test-SbomManifest' {
    BeforeEach { $script:product = New-SignedProduct }
    AfterEach { Remove-Item -LiteralPath $product -Recurse -Force -ErrorAction SilentlyContinue }

    It 'passes an intact product whose manifest the signed catalog vouches for' {
        $summary = Test-SbomManifest -Path $product -Summary @trust
        $summary.ManifestStatus | Should -Be 'Valid'
        $summary.MatchCount | Should -Be 4
        $summary.IsValid | Should -BeTrue
        Test-SbomManifest -Path $product -Quiet @trust | Should -BeTrue
        @(Test-SbomManifest -Path $product @trust).Status | Sort-Object -Unique | Should -Be 'Match'
    }

    It 'reports a changed, a missing and an added file' {
        Add-Content -LiteralPath (Join-Path $product 'bin/contoso.dll') -Value 'implant'
        Remove-Item -LiteralPath (Join-Path $product 'README.txt')
        Set-Content -LiteralPath (Join-Path $product 'bin/extra.so') -Value 'added'
        $results = @(Test-SbomManifest -Path $product @trust)
        ($results | Where-Object Status -NE 'Match' | ForEach-Object { '{0} {1}' -f $_.Status, $_.RelativePath } | Sort-Object) |
            Should -Be @('Added bin/extra.so', 'Changed bin/contoso.dll', 'Missing README.txt')
        ($results | Where-Object Status -EQ 'Changed').Algorithm | Should -Be 'SHA256'
        Test-SbomManifest -Path $product -Quiet @trust | Should -BeFalse
    }

    It 'does not trust a manifest edited to match a tampered file' {
        $manifest = Join-Path $product '_manifest/spdx_2.2/manifest.spdx.json'
        Add-Content -LiteralPath (Join-Path $product 'bin/contoso.dll') -Value 'implant'
        $hash = (Get-FileHash -LiteralPath (Join-Path $product 'bin/contoso.dll') -Algorithm SHA256).Hash.ToLowerInvariant()
        $json = Get-Content -LiteralPath $manifest -Raw | ConvertFrom-Json
        ($json.files | Where-Object fileName -EQ './bin/contoso.dll').checksums[0].checksumValue = $hash
        $json | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $manifest
        $summary = Test-SbomManifest -Path $product -Summary @trust -WarningAction SilentlyContinue -WarningVariable warnings
        $summary.ChangedCount | Should -Be 0
        $summary.ManifestStatus | Should -Not -Be 'Valid'
        $summary.IsValid | Should -BeFalse
        $warnings | Should -Not -BeNullOrEmpty
    }

    It 'says the manifest is unproven without its catalog, or with an untrusted signer' {
        Remove-Item -LiteralPath (Join-Path $product '_manifest/spdx_2.2/manifest.cat')
        (Test-SbomManifest -Path $product -Summary @trust -WarningAction SilentlyContinue).ManifestStatus | Should -Be 'NotSigned'
        $other = New-SignedProduct
        try { (Test-SbomManifest -Path $other -Summary -WarningAction SilentlyContinue).ManifestStatus | Should -Be 'NotTrusted' }
        finally { Remove-Item -LiteralPath $other -Recurse -Force }
    }

    It 'refuses a manifest entry that leaves the folder' {
        $manifest = Join-Path $product '_manifest/spdx_2.2/manifest.spdx.json'
        (Get-Content -LiteralPath $manifest -Raw).Replace('./README.txt', '../../etc/passwd') | Set-Content -LiteralPath $manifest
        $refused = Test-SbomManifest -Path $product @trust -WarningAction SilentlyContinue | Where-Object Status -EQ 'Unreadable'
        $refused.RelativePath | Should -Be '../../etc/passwd'
        $refused.Message | Should -Match 'refused'
    }

    It 'stops with SbomManifestInvalid on a manifest that is not SPDX JSON, and SbomManifestNotFound without one' {
        Set-Content -LiteralPath (Join-Path $product '_manifest/spdx_2.2/manifest.spdx.json') -Value '{"files": [ {"fileName": 1 '
        { Test-SbomManifest -Path $product @trust } | Should -Throw -ErrorId 'SbomManifestInvalid*'
        Remove-Item -LiteralPath (Join-Path $product '_manifest') -Recurse
        { Test-SbomManifest -Path $product @trust } | Should -Throw -ErrorId 'SbomManifestNotFound*'
    }

    It "checks this machine's installed PowerShell against its vendor manifest, when it has one" {
        $manifest = Join-Path $PSHOME '_manifest/spdx_2.2/manifest.spdx.json'
        if (-not (Test-Path -LiteralPath $manifest)) { Set-ItResult -Skipped -Because "this PowerShell ($PSHOME) ships no _manifest/spdx_2.2 (the dotnet tool package has none; the MSI, zip and tar.gz packages do)"; return }
        $summary = Test-SbomManifest -Path $PSHOME -Summary
        $summary.MatchCount | Should -BeGreaterThan 100
        $summary.ChangedCount | Should -Be 0
    }
}
