<#
.SYNOPSIS
    Runs the Pester suite against a built module, in this (child) process, and writes a summary for build.ps1.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultFolder
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterPath -RequiredVersion 5.7.1

# The tests import the module from here, exactly as a user would after installing it.
$env:SUPPLYCHAINTOOLS_MODULE = (Resolve-Path -LiteralPath $ModulePath).Path
$env:SUPPLYCHAINTOOLS_FIXTURES = Join-Path $PSScriptRoot 'fixtures'

$configuration = New-PesterConfiguration
$configuration.Run.Path = Join-Path $PSScriptRoot 'Pester'
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
# Pester colours its report with escape codes even into a file or a pipe (a CI log): plain text there.
if ([Console]::IsOutputRedirected) { $configuration.Output.RenderMode = 'Plaintext' }
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $ResultFolder 'pester.xml'

$result = Invoke-Pester -Configuration $configuration
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $ResultFolder 'pester-summary.json')

if ($result.Result -ne 'Passed') { exit 1 }
exit 0
