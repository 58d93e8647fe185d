using System.Collections.Generic;

namespace SupplyChainTools.Core.Dependencies.Python
{
    /// <summary>Every Python rule, declared once; about_DependencyAudit documents each id.</summary>
    internal static class PythonRules
    {
        public const string Ecosystem = "PyPI";
        private const string Pin = FindingMitigation.PinDependencies;
        private const string Source = FindingMitigation.LimitSources;

        public static readonly DependencyRule UnpinnedRequirement = new DependencyRule(
            "PyPI/UnpinnedRequirement", "A requirement is not pinned with == to one version: pip installs the newest match.", FindingSeverity.Medium, Pin,
            "Pin with ==, best from a lock tool (pip-compile --generate-hashes, uv pip compile --generate-hashes).");

        public static readonly DependencyRule HashCheckingOff = new DependencyRule(
            "PyPI/HashCheckingOff", "A requirements file has no --hash, so pip's hash-checking mode is off: a replaced file on the index installs.", FindingSeverity.Low, Pin,
            "Generate the file with hashes (pip-compile --generate-hashes) or install with --require-hashes.");

        public static readonly DependencyRule VcsReference = new DependencyRule(
            "PyPI/VcsReference", "A VCS requirement names a branch or tag, or nothing: its content changes when the ref moves.", FindingSeverity.High, Pin,
            "Name the full commit: git+https://host/repo.git@<40-hex sha>.");

        public static readonly DependencyRule UrlWithoutHash = new DependencyRule(
            "PyPI/UrlWithoutHash", "A requirement is a URL with no hash: the server decides what it serves.", FindingSeverity.Medium, Pin,
            "Add #sha256=<digest> to the URL or a --hash option.");

        public static readonly DependencyRule ExtraIndexUrl = new DependencyRule(
            "PyPI/ExtraIndexUrl", "An extra index is configured: pip takes each package from whichever index has the highest version (the torchtriton attack).", FindingSeverity.High, Source,
            "Use one index (--index-url) that proxies the public one, or pin every package with --hash.");

        public static readonly DependencyRule InsecureIndex = new DependencyRule(
            "PyPI/InsecureIndex", "A package index or find-links location is plain http.", FindingSeverity.High, Source,
            "Use the index's https URL.");

        public static readonly DependencyRule TrustedHost = new DependencyRule(
            "PyPI/TrustedHost", "--trusted-host turns off TLS verification for a host.", FindingSeverity.High, Source,
            "Remove trusted-host; give pip the index's CA with --cert if it is private.");

        public static readonly DependencyRule UnsafeIndexStrategy = new DependencyRule(
            "PyPI/UnsafeIndexStrategy", "uv's index strategy is unsafe-best-match: every index is searched for every package (dependency confusion).", FindingSeverity.High, Source,
            "Remove the setting (uv's default, first-index, stops at the first index that has the package) and pin internal packages to their index.");

        public static readonly DependencyRule UnapprovedIndex = new DependencyRule(
            "PyPI/UnapprovedIndex", "A package index is not one of the approved sources (-AllowedSource).", FindingSeverity.Medium, Source,
            "Use an approved index, or approve it with -AllowedSource.");

        public static readonly DependencyRule LockEntryWithoutHash = new DependencyRule(
            "PyPI/LockEntryWithoutHash", "A uv.lock or poetry.lock package from an index or URL has no file hash, so the installer cannot tell a replaced file.", FindingSeverity.Medium, Pin,
            "Lock again with the current uv or poetry, which record every file's sha256, from an index that serves hashes.");

        public static readonly DependencyRule LockGitSource = new DependencyRule(
            "PyPI/LockGitSource", "A uv.lock or poetry.lock package comes from git: pinned to a commit, but with no content hash.", FindingSeverity.Low, Pin,
            "Depend on a released, hashed version from the index; or keep the commit and review the repository's history for rewrites.");

        public static IReadOnlyList<DependencyRule> Pinning { get; } = new[] { UnpinnedRequirement, HashCheckingOff, VcsReference, UrlWithoutHash };

        public static IReadOnlyList<DependencyRule> Sources { get; } = new[] { ExtraIndexUrl, InsecureIndex, TrustedHost, UnsafeIndexStrategy, UnapprovedIndex };
    }
}
