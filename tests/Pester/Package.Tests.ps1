BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:moduleFolder = Split-Path -Parent (Get-ModuleUnderTest)
    $script:feed = New-TestFolder
    $script:installRoot = New-TestFolder
    $script:repositoryName = 'SctTestFeed' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Import-Module Microsoft.PowerShell.PSResourceGet
}

AfterAll {
    Unregister-PSResourceRepository -Name $script:repositoryName -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:feed, $script:installRoot -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The module package' {
    It 'installs with PSResourceGet from a folder repository and imports in a fresh pwsh' {
        # What build.ps1 -Task Package does, into a folder that serves as an internal, approved feed.
        Compress-PSResource -Path $moduleFolder -DestinationPath $feed
        $package = Get-ChildItem -LiteralPath $feed -Filter 'SupplyChainTools.*.nupkg'
        $package | Should -Not -BeNullOrEmpty

        Register-PSResourceRepository -Name $repositoryName -Uri $feed -Trusted
        Save-PSResource -Name SupplyChainTools -Repository $repositoryName -Path $installRoot -TrustRepository -SkipDependencyCheck
        $manifest = Get-ChildItem -LiteralPath $installRoot -Recurse -Filter 'SupplyChainTools.psd1' | Select-Object -First 1
        $manifest | Should -Not -BeNullOrEmpty

        $pwsh = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('exec', ([AppDomain]::CurrentDomain.BaseDirectory + 'pwsh.dll')) } else { @() }
        $probe = "Import-Module '$($manifest.FullName)'; (Get-FileIntegrity -LiteralPath '$($manifest.FullName)').SHA256; (Get-Command -Module SupplyChainTools).Count"
        $output = & $pwsh @pwshArgs -NoProfile -NonInteractive -Command $probe
        $LASTEXITCODE | Should -Be 0
        $output[0] | Should -Be (Get-FileHash -LiteralPath $manifest.FullName).Hash
        [int]$output[1] | Should -Be (Import-PowerShellDataFile (Get-ModuleUnderTest)).CmdletsToExport.Count
    }
}
