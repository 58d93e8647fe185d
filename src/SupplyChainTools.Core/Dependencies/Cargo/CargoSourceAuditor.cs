using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Cargo
{
    /// <summary>Cargo.lock sources (M1033): crates from a registry other than crates.io that -AllowedSource does not approve.</summary>
    public sealed class CargoSourceAuditor : IDependencyFileAuditor
    {
        public const string CratesIo = "registry+https://github.com/rust-lang/crates.io-index";
        public const string CratesIoSparse = "sparse+https://index.crates.io/";

        public static readonly DependencyRule AlternateRegistry = new DependencyRule(
            "Cargo/AlternateRegistry",
            "A crate comes from a registry other than crates.io that the allowed sources do not list.",
            FindingSeverity.Low,
            FindingMitigation.LimitSources,
            "Approve the registry with -AllowedSource, or take the crate from crates.io.");

        public string Ecosystem => CargoAuditor.EcosystemName;

        public string Mitigation => FindingMitigation.LimitSources;

        public IReadOnlyList<DependencyRule> Rules { get; } = new[] { AlternateRegistry };

        public bool Handles(DependencyFile file) => file.Name.Equals("Cargo.lock", StringComparison.Ordinal);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            foreach (CargoPackage package in CargoLockFile.Read(file, cancellationToken))
            {
                string? source = package.Source;
                if (source == null || source == CratesIo || source == CratesIoSparse || source.StartsWith("git+", StringComparison.Ordinal))
                {
                    continue;
                }

                string url = source.Substring(source.IndexOf('+') + 1);
                if (options.AllowedSources.Any(allowed => url.IndexOf(allowed, StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    continue;
                }

                yield return AlternateRegistry.Finding(CargoAuditor.EcosystemName, file, package.Line, package.Name, package.Version, source,
                    "The crate '" + package.Name + "' comes from the registry " + url + ".");
            }
        }
    }
}
