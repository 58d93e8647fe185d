using System;
using System.Collections.Generic;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Cargo
{
    /// <summary>
    /// Cargo.lock pinning (M1013): git sources that follow a branch or tag (cargo update moves them, and git
    /// sources carry no checksum), and registry packages recorded without a checksum. Scorecard does not read Cargo.
    /// </summary>
    public sealed class CargoAuditor : IDependencyFileAuditor
    {
        public const string EcosystemName = "Cargo";

        public static readonly DependencyRule GitDependency = new DependencyRule(
            "Cargo/GitDependency",
            "A crate comes from a git repository by branch or tag: the lock records one commit, but cargo update follows the branch, and git sources have no checksum.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Depend on a published version from a registry, or on the git repository with rev = \"<full commit>\"; build with --locked.");

        public static readonly DependencyRule MissingChecksum = new DependencyRule(
            "Cargo/MissingChecksum",
            "A registry crate is recorded in Cargo.lock without a checksum, so its content is not verified.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Regenerate the lock file with cargo generate-lockfile against the registry, and build with --locked.");

        public string Ecosystem => EcosystemName;

        public string Mitigation => FindingMitigation.PinDependencies;

        public IReadOnlyList<DependencyRule> Rules { get; } = new[] { GitDependency, MissingChecksum };

        public bool Handles(DependencyFile file) => file.Name.Equals("Cargo.lock", StringComparison.Ordinal);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            var findings = new List<DependencyFinding>();
            foreach (CargoPackage package in CargoLockFile.Read(file, cancellationToken))
            {
                string? source = package.Source;
                if (source == null)
                {
                    continue; // a path or workspace package
                }

                if (source.StartsWith("git+", StringComparison.Ordinal))
                {
                    int hash = source.IndexOf('#');
                    string requested = hash < 0 ? source : source.Substring(0, hash);
                    string? commit = hash < 0 ? null : source.Substring(hash + 1);
                    if (requested.IndexOf("?rev=", StringComparison.Ordinal) < 0)
                    {
                        string follows = requested.IndexOf("?branch=", StringComparison.Ordinal) >= 0 ? "a branch" : requested.IndexOf("?tag=", StringComparison.Ordinal) >= 0 ? "a tag" : "the default branch";
                        findings.Add(GitDependency.Finding(EcosystemName, file, package.Line, package.Name, requested, commit,
                            "The crate '" + package.Name + "' comes from git and follows " + follows + ", without a checksum."));
                    }
                }
                else if (package.Checksum == null && (source.StartsWith("registry+", StringComparison.Ordinal) || source.StartsWith("sparse+", StringComparison.Ordinal)))
                {
                    findings.Add(MissingChecksum.Finding(EcosystemName, file, package.Line, package.Name, package.Version, source,
                        "The crate '" + package.Name + "' " + package.Version + " has no checksum in the lock file."));
                }
            }

            return findings;
        }
    }
}
