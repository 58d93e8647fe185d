# Loader: picks the assembly built for the running edition. Windows PowerShell 5.1 (Desktop) loads the
# .NET Framework build (net462 assemblies; the YAML and TOML parsers need the netstandard support of .NET Framework 4.7.2, which the manifest requires); PowerShell 7.4+ (Core) loads the .NET 8 build, which runs on .NET 8 and later.
$ErrorActionPreference = 'Stop'

if ($PSEdition -eq 'Core') {
    if ($PSVersionTable.PSVersion -lt [version]'7.4.0') {
        throw "SupplyChainTools needs PowerShell 7.4 or later on .NET 8+ (this is PowerShell $($PSVersionTable.PSVersion)). Update PowerShell, or use Windows PowerShell 5.1."
    }
    $framework = 'net8.0'
}
else {
    $framework = 'net462'
}

$assemblyPath = Join-Path -Path $PSScriptRoot -ChildPath "bin/$framework/SupplyChainTools.dll"
if (-not (Test-Path -LiteralPath $assemblyPath)) {
    throw "SupplyChainTools is incomplete: '$assemblyPath' is missing. Reinstall the module."
}

$binaryModule = Import-Module -Name $assemblyPath -PassThru
$ExecutionContext.SessionState.Module.OnRemove = {
    Remove-Module -ModuleInfo $binaryModule
}.GetNewClosure()

# PowerShell's default rendering ('Host') strips colour only when PowerShell itself redirects output, not when
# the process's own output is a file or a pipe, as under cron, systemd or Task Scheduler: table headers, errors
# and warnings would reach the log as escape codes. Nobody reads colour there; a setting the user chose (Ansi,
# PlainText) is left alone.
if ($PSEdition -eq 'Core' -and [Console]::IsOutputRedirected -and $PSStyle.OutputRendering -eq 'Host') {
    $PSStyle.OutputRendering = 'PlainText'
}
