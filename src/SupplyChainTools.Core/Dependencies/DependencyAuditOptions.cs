using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>What the user told the dependency audits; every auditor gets the same options.</summary>
    public sealed class DependencyAuditOptions
    {
        /// <summary>
        /// GitHub Actions pin policy in zizmor's shape: a pattern ("contoso/*", "actions/checkout", "*") to one of
        /// "hash-pin", "ref-pin", "any". The most specific pattern wins; with none, every action must be hash-pinned.
        /// </summary>
        public IReadOnlyDictionary<string, string> ActionPolicy { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Names of internal packages ("Contoso.*", "@contoso/*"): they must come only from internal sources.</summary>
        public IReadOnlyList<string> InternalPackagePatterns { get; set; } = Array.Empty<string>();

        /// <summary>Approved feeds and registries (URLs or host names); an empty list approves every source the files configure.</summary>
        public IReadOnlyList<string> AllowedSources { get; set; } = Array.Empty<string>();

        /// <summary>The NuGet global packages folder whose recorded sources and content hashes are checked; null for none.</summary>
        public string? GlobalPackagesFolder { get; set; }

        /// <summary>
        /// Verifies the signature of each package found in <see cref="GlobalPackagesFolder"/> (NuGet does not verify a
        /// package again once it is restored); null leaves the signatures unchecked.
        /// </summary>
        public Packages.PackageSignatureVerifier? PackageSignatures { get; set; }
    }
}
