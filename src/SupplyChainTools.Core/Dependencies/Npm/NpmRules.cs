using System.Collections.Generic;

namespace SupplyChainTools.Core.Dependencies.Npm
{
    /// <summary>Every npm rule, declared once; about_DependencyAudit documents each id.</summary>
    internal static class NpmRules
    {
        public const string Ecosystem = "npm";
        private const string Pin = FindingMitigation.PinDependencies;
        private const string Source = FindingMitigation.LimitSources;

        public static readonly DependencyRule VersionRange = new DependencyRule(
            "npm/VersionRange", "A dependency in package.json is a range (^, ~, >=, x, *): an install without the lock file takes the newest match.", FindingSeverity.Medium, Pin,
            "Write the exact version (npm install --save-exact, or save-exact=true in .npmrc) and install with npm ci from the committed lock file.");

        public static readonly DependencyRule DistTag = new DependencyRule(
            "npm/DistTag", "A dependency in package.json is a dist-tag (latest, next): whatever the publisher tags next is installed.", FindingSeverity.High, Pin,
            "Write the exact version the tag points to today.");

        public static readonly DependencyRule GitReference = new DependencyRule(
            "npm/GitReference", "A git dependency names a branch or tag, or nothing: its content changes when the ref moves.", FindingSeverity.High, Pin,
            "Name the full 40-character commit: github:owner/repo#<sha>.");

        public static readonly DependencyRule RemoteUrl = new DependencyRule(
            "npm/RemoteUrl", "A dependency is a tarball URL: the server decides what it serves, and package.json records no hash.", FindingSeverity.Medium, Pin,
            "Publish the package to your registry and depend on an exact version; the lock file then records its integrity.");

        public static readonly DependencyRule LockMissingIntegrity = new DependencyRule(
            "npm/LockMissingIntegrity", "A lock file entry has no integrity hash: npm installs whatever the URL serves.", FindingSeverity.High, Pin,
            "Regenerate the lock file with a current npm (npm install --package-lock-only) so every entry records sha512 integrity.");

        public static readonly DependencyRule LockWeakIntegrity = new DependencyRule(
            "npm/LockWeakIntegrity", "A lock file entry's integrity is SHA-1 only, which collisions can defeat.", FindingSeverity.Medium, Pin,
            "Regenerate the entry (delete it and run npm install --package-lock-only) so it records sha512.");

        public static readonly DependencyRule LockInsecureResolved = new DependencyRule(
            "npm/LockInsecureResolved", "A lock file entry is downloaded over plain http.", FindingSeverity.High, Pin,
            "Use the registry's https URL (registry= in .npmrc) and regenerate the lock file.");

        public static readonly DependencyRule LockForeignHost = new DependencyRule(
            "npm/LockForeignHost", "A lock file entry is downloaded from a host that is not the npm registry or an approved one.", FindingSeverity.Medium, Pin,
            "Resolve the package from your registry, or approve the host with -AllowedSource.");

        public static readonly DependencyRule LockNameMismatch = new DependencyRule(
            "npm/LockNameMismatch", "A lock file entry's resolved URL is the tarball of another package: the name installed is not the code installed.", FindingSeverity.High, Pin,
            "Find out who edited the lock file; regenerate the entry from the registry.");

        public static readonly DependencyRule LockGitSource = new DependencyRule(
            "npm/LockGitSource", "A lock file entry comes from git: it is pinned to a commit but npm records no integrity for it.", FindingSeverity.Low, Pin,
            "Prefer a published version from your registry; keep the commit id if git is required.");

        public static readonly DependencyRule InsecureRegistry = new DependencyRule(
            "npm/InsecureRegistry", "An .npmrc registry is plain http.", FindingSeverity.High, Source,
            "Use the registry's https URL.");

        public static readonly DependencyRule StrictSslDisabled = new DependencyRule(
            "npm/StrictSslDisabled", "An .npmrc sets strict-ssl=false: any TLS certificate is accepted.", FindingSeverity.High, Source,
            "Remove strict-ssl=false; give npm the registry's CA with cafile= if it is private.");

        public static readonly DependencyRule UnapprovedRegistry = new DependencyRule(
            "npm/UnapprovedRegistry", "An .npmrc registry is not one of the approved sources (-AllowedSource).", FindingSeverity.Medium, Source,
            "Point the registry at an approved one, or approve it with -AllowedSource.");

        public static readonly DependencyRule InternalScopeUnmapped = new DependencyRule(
            "npm/InternalScopeUnmapped", "An internal package's scope has no @scope:registry in .npmrc: npm looks for it on the public registry.", FindingSeverity.High, Source,
            "Add @scope:registry=https://your.registry/ to the project's .npmrc (and reserve the scope on npmjs.com).");

        public static readonly DependencyRule InternalPackageFromPublicRegistry = new DependencyRule(
            "npm/InternalPackageFromPublicRegistry", "A lock file resolves an internal package from the public registry (dependency confusion).", FindingSeverity.High, Source,
            "Map the scope to your registry, delete the entry and regenerate the lock file; find out what the public package ran.");

        public static IReadOnlyList<DependencyRule> Pinning { get; } = new[]
        {
            VersionRange, DistTag, GitReference, RemoteUrl, LockMissingIntegrity, LockWeakIntegrity, LockInsecureResolved, LockForeignHost, LockNameMismatch, LockGitSource,
        };

        public static IReadOnlyList<DependencyRule> Sources { get; } = new[]
        {
            InsecureRegistry, StrictSslDisabled, UnapprovedRegistry, InternalScopeUnmapped, InternalPackageFromPublicRegistry,
        };
    }
}
