using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Python
{
    /// <summary>
    /// Python pinning (M1013) in requirements files: requirements not pinned with ==, files without hashes (pip's
    /// hash-checking mode off), VCS requirements by branch, URLs without a hash. Constraint files are checked for
    /// pins but not for hashes (pip does not take hashes from them).
    /// </summary>
    public sealed class PythonPinningAuditor : IDependencyFileAuditor
    {
        private static readonly Regex NameAndSpecifiers = new Regex(@"^(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(?<spec>.*)$", RegexOptions.CultureInvariant);
        private static readonly string[] VcsPrefixes = { "git+", "hg+", "svn+", "bzr+" };

        public string Ecosystem => PythonRules.Ecosystem;

        public string Mitigation => FindingMitigation.PinDependencies;

        public IReadOnlyList<DependencyRule> Rules => PythonRules.Pinning;

        public bool Handles(DependencyFile file) => RequirementsFile.IsRequirementsFile(file);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            var findings = new List<DependencyFinding>();
            bool hashMode = false;
            int? firstRequirement = null;
            foreach (RequirementLine line in RequirementsFile.Read(file, cancellationToken))
            {
                if (line.Text.StartsWith("--require-hashes", StringComparison.Ordinal))
                {
                    hashMode = true;
                    continue;
                }

                string? requirement = line.IsOption ? RequirementsFile.OptionValue(line, "-e", "--editable") : line.Text;
                if (requirement == null)
                {
                    continue; // -r, -c, index options (the source audit reads those) and any other option.
                }

                (string Requirement, bool HasHash) parsed = SplitOptions(requirement);
                hashMode |= parsed.HasHash;
                firstRequirement ??= line.Line;
                Classify(findings, file, line.Line, parsed.Requirement, parsed.HasHash);
            }

            bool constraints = file.Name.StartsWith("constraints", StringComparison.OrdinalIgnoreCase);
            if (!hashMode && !constraints && firstRequirement.HasValue)
            {
                findings.Add(PythonRules.HashCheckingOff.Finding(Ecosystem, file, firstRequirement, null, null, null,
                    "No requirement in this file has --hash, so pip does not check what it downloads."));
            }

            return findings;
        }

        /// <summary>The requirement without its per-requirement options (--hash=...) and environment marker.</summary>
        private static (string Requirement, bool HasHash) SplitOptions(string text)
        {
            int options = text.IndexOf(" --", StringComparison.Ordinal);
            bool hasHash = text.IndexOf("--hash", StringComparison.Ordinal) >= 0;
            string requirement = options >= 0 ? text.Substring(0, options) : text;
            int marker = requirement.IndexOf(';');
            if (marker >= 0 && !requirement.Contains("://"))
            {
                requirement = requirement.Substring(0, marker);
            }
            else if (marker >= 0)
            {
                int spaced = requirement.IndexOf(" ;", StringComparison.Ordinal);
                requirement = spaced >= 0 ? requirement.Substring(0, spaced) : requirement;
            }

            return (requirement.Trim(), hasHash);
        }

        private void Classify(List<DependencyFinding> findings, DependencyFile file, int line, string requirement, bool hasHash)
        {
            string? name = null;
            string reference = requirement;
            int at = requirement.IndexOf(" @ ", StringComparison.Ordinal);
            if (at < 0)
            {
                at = requirement.IndexOf("@ ", StringComparison.Ordinal);
            }

            if (at > 0 && !requirement.Substring(0, at).Contains("://"))
            {
                name = requirement.Substring(0, at).Trim();
                reference = requirement.Substring(at + (requirement[at] == ' ' ? 3 : 2)).Trim();
            }
            else if (!LooksLikeReference(requirement))
            {
                AuditSpecifier(findings, file, line, requirement);
                return;
            }

            string display = name ?? EggName(reference) ?? reference;
            if (VcsPrefixes.Any(p => reference.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                string? commit = VcsRevision(reference);
                if (commit == null || !NamePattern.IsFullCommit(commit))
                {
                    findings.Add(PythonRules.VcsReference.Finding(Ecosystem, file, line, display, reference, null, commit == null
                        ? $"'{display}' is installed from version control without a revision (the default branch)."
                        : $"'{display}' is installed from version control at '{commit}', not a full commit id."));
                }
            }
            else if (reference.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || reference.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                bool fragmentHash = Regex.IsMatch(reference, @"#(.*&)?(sha1|sha224|sha256|sha384|sha512|md5)=", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
                if (!fragmentHash && !hasHash)
                {
                    findings.Add(PythonRules.UrlWithoutHash.Finding(Ecosystem, file, line, display, reference, null, $"'{display}' is downloaded from a URL with no hash."));
                }
            }
        }

        private void AuditSpecifier(List<DependencyFinding> findings, DependencyFile file, int line, string requirement)
        {
            Match match = NameAndSpecifiers.Match(requirement);
            if (!match.Success)
            {
                return; // Not a requirement pip would accept either; pip reports it.
            }

            string name = match.Groups["name"].Value;
            string spec = match.Groups["spec"].Value.Trim().TrimStart('(').TrimEnd(')').Trim();
            string[] clauses = spec.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).ToArray();
            bool pinned = clauses.Length == 1
                && (clauses[0].StartsWith("===", StringComparison.Ordinal) || (clauses[0].StartsWith("==", StringComparison.Ordinal) && !clauses[0].Contains("*")));
            if (!pinned)
            {
                findings.Add(PythonRules.UnpinnedRequirement.Finding(Ecosystem, file, line, name, spec.Length == 0 ? null : spec, null, spec.Length == 0
                    ? $"'{name}' has no version: pip installs the newest."
                    : $"'{name}' {spec} is not one exact version."));
            }
        }

        private static bool LooksLikeReference(string requirement) =>
            requirement.Contains("://") || requirement.StartsWith(".", StringComparison.Ordinal) || requirement.StartsWith("/", StringComparison.Ordinal)
            || requirement.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || requirement.Contains("/") || requirement.Contains("\\")
            || VcsPrefixes.Any(p => requirement.StartsWith(p, StringComparison.OrdinalIgnoreCase));

        /// <summary>The revision after '@' in the path of a VCS URL (git+https://host/repo.git@v1.0#egg=x); null when none.</summary>
        internal static string? VcsRevision(string url)
        {
            string withoutFragment = url.Split('#')[0];
            int scheme = withoutFragment.IndexOf("://", StringComparison.Ordinal);
            string rest = scheme >= 0 ? withoutFragment.Substring(scheme + 3) : withoutFragment;
            int path = rest.IndexOf('/');
            int at = rest.LastIndexOf('@');
            return path >= 0 && at > path ? rest.Substring(at + 1) : null;
        }

        private static string? EggName(string reference)
        {
            Match egg = Regex.Match(reference, @"[#&]egg=([A-Za-z0-9._-]+)", RegexOptions.CultureInvariant);
            return egg.Success ? egg.Groups[1].Value : null;
        }
    }
}
