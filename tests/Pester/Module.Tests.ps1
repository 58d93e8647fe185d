BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:manifestPath = Get-ModuleUnderTest
    Import-Module $manifestPath -Force
    $script:module = Get-Module SupplyChainTools
}

Describe 'The SupplyChainTools module' {
    It 'has a valid manifest whose version matches the assembly' {
        $manifest = Test-ModuleManifest -Path $manifestPath
        $assembly = [SupplyChainTools.FileIntegrity].Assembly.GetName()
        $manifest.Version | Should -Be ([version]"$($assembly.Version.Major).$($assembly.Version.Minor).$($assembly.Version.Build)")
    }

    It 'loads the assembly built for this edition' {
        $expected = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'net462' }
        [SupplyChainTools.FileIntegrity].Assembly.Location | Should -Match ([regex]::Escape("bin$([IO.Path]::DirectorySeparatorChar)$expected"))
    }

    It 'exports exactly the documented cmdlets' {
        $exported = (Get-Command -Module SupplyChainTools).Name | Sort-Object
        $declared = (Import-PowerShellDataFile $manifestPath).CmdletsToExport | Sort-Object
        $exported | Should -Be $declared
    }

    It 'ships the code-signing and time-stamping roots' {
        $folder = Join-Path (Split-Path $manifestPath) 'TrustedRoots'
        (Get-Content -LiteralPath (Join-Path $folder 'codesignctl.pem') -Raw) | Should -Match 'BEGIN CERTIFICATE'
        (Get-Content -LiteralPath (Join-Path $folder 'timestampctl.pem') -Raw) | Should -Match 'BEGIN CERTIFICATE'
    }

    Context 'help for <_>' -ForEach @((Import-PowerShellDataFile $env:SUPPLYCHAINTOOLS_MODULE).CmdletsToExport) {
        BeforeAll { $script:help = Get-Help $_ -Full }

        It 'has a synopsis' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis | Should -Not -Match '^\s*\S+\s+\[' -Because 'an auto-generated syntax line means the MAML help was not found'
        }

        It 'has at least one example' {
            @($help.Examples.Example | Where-Object { $_ -and $_.Code }).Count | Should -BeGreaterOrEqual 1
        }

        It 'describes every parameter' {
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            $parameters = (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }
            foreach ($name in $parameters) {
                $entry = $help.Parameters.Parameter | Where-Object Name -EQ $name
                $entry | Should -Not -BeNullOrEmpty -Because "parameter $name needs help"
                ($entry.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because "parameter $name needs a description"
            }
        }
    }

    # Test-CatalogIntegrity and Test-SbomManifest declare the trust parameters again (they take a folder, so they cannot
    # derive from the file cmdlets' AuthenticodeCmdlet): the declarations must not drift apart. (Their help may word
    # each for its cmdlet.)
    It 'declares the trust parameters of <Name> exactly as Test-AuthenticodeChain does' -ForEach @(
        @{ Name = 'Test-CatalogIntegrity' }
        @{ Name = 'Test-SbomManifest' }
    ) {
        $trust = [SupplyChainTools.Infrastructure.ITrustParameters].GetProperties().Name
        $trust.Count | Should -Be 7
        $chain = Get-Command Test-AuthenticodeChain
        $other = Get-Command $Name
        $describe = {
            param($command, $parameterName)
            $parameter = $command.Parameters[$parameterName]
            $attributes = $parameter.Attributes | ForEach-Object {
                if ($_ -is [System.Management.Automation.ParameterAttribute]) { 'Parameter', $_.Mandatory, $_.Position, $_.ParameterSetName, $_.ValueFromPipeline, $_.ValueFromPipelineByPropertyName -join ':' }
                else { $_.GetType().Name }
            }
            ($parameter.ParameterType.FullName, ($parameter.Aliases -join ','), (($attributes | Sort-Object) -join ';')) -join '|'
        }
        foreach ($parameterName in $trust) {
            $other.Parameters.ContainsKey($parameterName) | Should -BeTrue -Because "$Name must take -$parameterName"
            (& $describe $other $parameterName) | Should -Be (& $describe $chain $parameterName) -Because "-$parameterName must mean the same on both"
        }
    }

    It 'has an about topic' {
        Get-Help about_SupplyChainTools | Out-String | Should -Match 'T1195'
    }
}
