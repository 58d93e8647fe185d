using System.Collections.Generic;

namespace SupplyChainTools.Core.Dependencies.PowerShell
{
    /// <summary>The PowerShell rules (no other audit tool covers PowerShell): pinning (M1013) and repositories (M1033).</summary>
    public static class PowerShellRules
    {
        public const string Ecosystem = "PowerShell";

        public static readonly DependencyRule UnpinnedRequiredModule = new DependencyRule(
            "PowerShell/UnpinnedRequiredModule",
            "A module manifest's RequiredModules entry has no RequiredVersion: a name alone, a ModuleVersion minimum or a MaximumVersion lets any matching version load.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Write the entry as @{ ModuleName = 'Name'; RequiredVersion = 'x.y.z'; GUID = '...' }, or vendor the module and refer to it by path.");

        public static readonly DependencyRule UnpinnedRequiresStatement = new DependencyRule(
            "PowerShell/UnpinnedRequiresStatement",
            "#Requires -Modules names a module without RequiredVersion, so whichever version is installed first is used.",
            FindingSeverity.Low,
            FindingMitigation.PinDependencies,
            "Write #Requires -Modules @{ ModuleName = 'Name'; RequiredVersion = 'x.y.z' }.");

        public static readonly DependencyRule UnpinnedModuleInstall = new DependencyRule(
            "PowerShell/UnpinnedModuleInstall",
            "Install-Module, Save-Module, Install-PSResource or Save-PSResource without an exact version installs whatever the gallery serves today.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Give the exact version (-RequiredVersion 1.2.3; -Version '[1.2.3]' or -Version 1.2.3 for PSResourceGet), or restore from a vendored, hash-checked copy.");

        public static readonly DependencyRule DownloadThenRun = new DependencyRule(
            "PowerShell/DownloadThenRun",
            "Code is downloaded and run in one step (iex (iwr ...), irm ... | iex, [scriptblock]::Create((iwr ...))).",
            FindingSeverity.High,
            FindingMitigation.PinDependencies,
            "Download to a file, compare (Get-FileHash -Algorithm SHA256).Hash with a pinned value or check its signature (Test-AuthenticodeChain), and only then run it.");

        public static readonly DependencyRule UnverifiedDownload = new DependencyRule(
            "PowerShell/UnverifiedDownload",
            "A file is downloaded (Invoke-WebRequest -OutFile, Start-BitsTransfer, WebClient.DownloadFile) and the script never checks its hash or signature.",
            FindingSeverity.Low,
            FindingMitigation.PinDependencies,
            "After the download, compare (Get-FileHash -Algorithm SHA256 <file>).Hash with a pinned value (or Test-FileIntegrity -ExpectedHash) before the file is used.");

        public static readonly DependencyRule InsecureRepository = new DependencyRule(
            "PowerShell/InsecureRepository",
            "A PowerShell repository is registered over http://, so anyone on the path can serve the modules.",
            FindingSeverity.High,
            FindingMitigation.LimitSources,
            "Register the repository over https:// only.");

        public static readonly DependencyRule TrustedRepository = new DependencyRule(
            "PowerShell/TrustedRepository",
            "A PowerShell repository is registered as Trusted (-InstallationPolicy Trusted, -Trusted), so installs from it never ask.",
            FindingSeverity.Low,
            FindingMitigation.LimitSources,
            "Trust only an internal repository you control, and pin what is installed from it.");

        public static readonly DependencyRule InternalModuleFromPublicRepository = new DependencyRule(
            "PowerShell/InternalModuleFromPublicRepository",
            "A module whose name matches an internal package pattern is installed from the PowerShell Gallery (or from no named repository): a public module of that name would be taken.",
            FindingSeverity.High,
            FindingMitigation.LimitSources,
            "Install internal modules with -Repository naming the internal repository, and reserve the names on the public gallery.");

        /// <summary>The pinning rules (Test-DependencyPinning).</summary>
        public static readonly IReadOnlyList<DependencyRule> Pinning = new[]
        {
            UnpinnedRequiredModule, UnpinnedRequiresStatement, UnpinnedModuleInstall, DownloadThenRun, UnverifiedDownload,
        };

        /// <summary>The source rules (Test-DependencySource).</summary>
        public static readonly IReadOnlyList<DependencyRule> Sources = new[] { InsecureRepository, TrustedRepository, InternalModuleFromPublicRepository };
    }
}
