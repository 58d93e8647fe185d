using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Go
{
    /// <summary>
    /// Go modules (M1013): go.sum present beside go.mod and holding each requirement's content hash, replace
    /// directives to local folders, and pseudo-versions (a commit, not a release) noted.
    /// </summary>
    public sealed class GoModuleAuditor : IDependencyFileAuditor
    {
        public const string EcosystemName = "Go";

        public static readonly DependencyRule MissingGoSum = new DependencyRule(
            "Go/MissingGoSum",
            "go.mod has requirements but no go.sum beside it, so nothing pins the content of the modules.",
            FindingSeverity.High,
            FindingMitigation.PinDependencies,
            "Run go mod tidy and commit go.sum; build with -mod=readonly (the default) so a missing hash fails the build.");

        public static readonly DependencyRule MissingSumEntry = new DependencyRule(
            "Go/MissingSumEntry",
            "A module required by go.mod has no content hash (h1:) in go.sum, only its go.mod hash or nothing.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Run go mod tidy (or go mod download <module>) and commit the new go.sum lines.");

        public static readonly DependencyRule LocalReplace = new DependencyRule(
            "Go/LocalReplace",
            "A replace directive points a module at a local folder: builds use whatever that folder holds, unhashed.",
            FindingSeverity.Low,
            FindingMitigation.PinDependencies,
            "Replace with a module version (module => other/module v1.2.3), or vendor the folder and review changes to it.");

        public static readonly DependencyRule PseudoVersion = new DependencyRule(
            "Go/PseudoVersion",
            "A requirement names a pseudo-version: a commit rather than a tagged release (pinned by go.sum, but not a release anyone reviewed).",
            FindingSeverity.Info,
            FindingMitigation.PinDependencies,
            "Prefer a tagged release of the module when one exists.");

        private static readonly Regex Pseudo = new Regex(@"(^|[.-])\d{14}-[0-9a-f]{12}(\+incompatible)?$", RegexOptions.CultureInvariant);

        public string Ecosystem => EcosystemName;

        public string Mitigation => FindingMitigation.PinDependencies;

        public IReadOnlyList<DependencyRule> Rules { get; } = new[] { MissingGoSum, MissingSumEntry, LocalReplace, PseudoVersion };

        public bool Handles(DependencyFile file) => file.Name.Equals("go.mod", StringComparison.Ordinal);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            var findings = new List<DependencyFinding>();
            List<GoDirective> directives = GoModFile.Read(file.ReadText(cancellationToken), file.FullPath, cancellationToken);
            var requires = directives.Where(d => d.Verb == "require").ToList();
            var localReplaced = new HashSet<string>(StringComparer.Ordinal);
            foreach (GoDirective replace in directives.Where(d => d.Verb == "replace"))
            {
                if (replace.Target != null && (replace.Target.StartsWith("./", StringComparison.Ordinal) || replace.Target.StartsWith("../", StringComparison.Ordinal) || replace.Target.StartsWith("/", StringComparison.Ordinal) || replace.Target == "." || replace.Target == ".."))
                {
                    localReplaced.Add(replace.Module);
                    findings.Add(LocalReplace.Finding(EcosystemName, file, replace.Line, replace.Module, replace.Target, null,
                        "The module '" + replace.Module + "' is replaced by the local folder " + replace.Target + "."));
                }
            }

            foreach (GoDirective require in requires.Where(r => r.Version != null && Pseudo.IsMatch(r.Version)))
            {
                findings.Add(PseudoVersion.Finding(EcosystemName, file, require.Line, require.Module, require.Version, null,
                    "The module '" + require.Module + "' is required at the pseudo-version " + require.Version + "."));
            }

            var needingSums = requires.Where(r => !localReplaced.Contains(r.Module)).ToList();
            string sumPath = Path.Combine(Path.GetDirectoryName(file.FullPath) ?? ".", "go.sum");
            if (needingSums.Count > 0 && !File.Exists(sumPath))
            {
                findings.Add(MissingGoSum.Finding(EcosystemName, file, null, null, null, null, "go.mod requires " + needingSums.Count + " modules and there is no go.sum beside it."));
            }
            else if (needingSums.Count > 0)
            {
                var sumFile = new DependencyFile(sumPath, Path.Combine(Path.GetDirectoryName(file.RelativePath) ?? string.Empty, "go.sum"));
                HashSet<string> contentHashes = ContentHashes(sumFile.ReadText(cancellationToken), cancellationToken);
                foreach (GoDirective require in needingSums.Where(r => !contentHashes.Contains(r.Module + " " + r.Version)))
                {
                    findings.Add(MissingSumEntry.Finding(EcosystemName, file, require.Line, require.Module, require.Version, null,
                        "go.sum has no content hash for '" + require.Module + "' " + require.Version + "."));
                }
            }

            return findings.OrderBy(f => f.Line ?? 0).ToList();
        }

        /// <summary>"module version" for every go.sum line that hashes a module's content (not only its go.mod).</summary>
        private static HashSet<string> ContentHashes(string text, CancellationToken cancellationToken)
        {
            var hashes = new HashSet<string>(StringComparer.Ordinal);
            foreach (string line in text.Split('\n'))
            {
                cancellationToken.ThrowIfCancellationRequested();
                string[] words = line.Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 3 && !words[1].EndsWith("/go.mod", StringComparison.Ordinal) && words[2].StartsWith("h1:", StringComparison.Ordinal))
                {
                    hashes.Add(words[0] + " " + words[1]);
                }
            }

            return hashes;
        }
    }
}
