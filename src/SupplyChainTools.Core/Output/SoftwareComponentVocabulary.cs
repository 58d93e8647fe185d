namespace SupplyChainTools
{
    /// <summary>
    /// The Ecosystem values of <see cref="SoftwareComponent"/> and of the advisories matched against them, as OSV names
    /// ecosystems; defined once.
    /// </summary>
    public static class SoftwareEcosystem
    {
        public const string NuGet = "NuGet";
        public const string Npm = "npm";
        public const string PyPI = "PyPI";
        public const string PowerShell = "PowerShell";
        public const string Debian = "Debian";
        public const string Ubuntu = "Ubuntu";
        public const string Alpine = "Alpine";
        public const string Go = "Go";
        public const string CratesIo = "crates.io";
        public const string GitHubActions = "GitHub Actions";
        public const string Generic = "Generic";
    }

    /// <summary>The EvidenceKind values of <see cref="SoftwareComponent"/>; defined once.</summary>
    public static class EvidenceKind
    {
        public const string DepsJson = "deps.json";
        public const string NuGetMetadata = ".nupkg.metadata";
        public const string NuGetLockFile = "packages.lock.json";
        public const string NpmLockFile = "package-lock.json";
        public const string NpmPackageJson = "package.json";
        public const string PythonDistInfo = "dist-info";
        public const string PowerShellModuleManifest = "module manifest";
        public const string PSGetModuleInfo = "PSGetModuleInfo.xml";
        public const string DpkgStatus = "dpkg status";
        public const string ApkInstalled = "apk installed";
        public const string PeVersionResource = "PE version resource";
    }
}
