using System.Collections.Generic;

namespace SupplyChainTools.Core.Dependencies.Shell
{
    /// <summary>
    /// The command rules (OpenSSF Scorecard's Pinned-Dependencies command checks, and the ones it lacks), shared by
    /// shell scripts, Dockerfile RUN lines, workflow run: steps and PowerShell scripts.
    /// </summary>
    public static class ShellRules
    {
        public const string Ecosystem = "Shell";

        public static readonly DependencyRule DownloadThenRun = new DependencyRule(
            "Shell/DownloadThenRun",
            "A script is downloaded and run without its hash being checked (curl | bash, bash <(curl ...), iex (iwr ...)).",
            FindingSeverity.High,
            FindingMitigation.PinDependencies,
            "Download to a file, check it against a known SHA-256 (sha256sum -c, Get-FileHash) and only then run it; or install a pinned package instead.");

        public static readonly DependencyRule UnpinnedPipInstall = new DependencyRule(
            "Shell/UnpinnedPipInstall",
            "pip install without --require-hashes installs whatever the index serves today.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Install from a locked requirements file with hashes: pip install --require-hashes -r requirements.txt.");

        public static readonly DependencyRule NpmInstall = new DependencyRule(
            "Shell/NpmInstall",
            "npm install (or npm i, npm update) where npm ci belongs: the lock file may be rewritten and its integrity hashes are not enforced.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Use npm ci, which installs exactly what package-lock.json records and fails when it disagrees with package.json.");

        public static readonly DependencyRule UnpinnedGoInstall = new DependencyRule(
            "Shell/UnpinnedGoInstall",
            "go install or go get of a module at @latest, a branch, or no version.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Name an exact version or commit: go install example.com/tool@v1.2.3.");

        public static readonly DependencyRule UnpinnedChocoInstall = new DependencyRule(
            "Shell/UnpinnedChocoInstall",
            "choco install without --requirechecksums (or without --version).",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Pin the version and require checksums: choco install <id> --version <v> --requirechecksums.");

        public static readonly DependencyRule UnpinnedNuGetInstall = new DependencyRule(
            "Shell/UnpinnedNuGetInstall",
            "dotnet add package, nuget install or dotnet tool install without a version takes the newest package.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Give the exact version (--version / -Version), and restore tools from a tool manifest (dotnet tool restore).");

        public static readonly DependencyRule UnpinnedWingetInstall = new DependencyRule(
            "Shell/UnpinnedWingetInstall",
            "winget install without --version installs whatever the source lists today.",
            FindingSeverity.Low,
            FindingMitigation.PinDependencies,
            "Give the exact version: winget install --id <id> --version <v> --exact.");

        /// <summary>Every rule the command checks report.</summary>
        public static readonly IReadOnlyList<DependencyRule> All = new[]
        {
            DownloadThenRun, UnpinnedPipInstall, NpmInstall, UnpinnedGoInstall, UnpinnedChocoInstall, UnpinnedNuGetInstall, UnpinnedWingetInstall,
        };
    }
}
