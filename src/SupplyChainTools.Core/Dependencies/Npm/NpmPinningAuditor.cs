using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Npm
{
    /// <summary>
    /// npm pinning (M1013): package.json dependencies (ranges, dist-tags, git refs, URLs; overrides too) and each
    /// lock file entry (integrity missing or SHA-1, http, foreign hosts, a URL naming another package, git).
    /// peerDependencies are not audited: they state compatibility, and the installing project's own lock pins them.
    /// </summary>
    public sealed class NpmPinningAuditor : IDependencyFileAuditor
    {
        internal static readonly string[] PublicRegistryHosts = { "registry.npmjs.org", "registry.yarnpkg.com" };
        internal static readonly string[] DependencySections = { "dependencies", "devDependencies", "optionalDependencies" };
        private const int MaxOverrideDepth = 16;

        public string Ecosystem => NpmRules.Ecosystem;

        public string Mitigation => FindingMitigation.PinDependencies;

        public IReadOnlyList<DependencyRule> Rules => NpmRules.Pinning;

        public bool Handles(DependencyFile file) =>
            string.Equals(file.Name, "package.json", StringComparison.OrdinalIgnoreCase) || NpmLockFile.IsLockFile(file.Name);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken) =>
            NpmLockFile.IsLockFile(file.Name) ? AuditLock(file, options, cancellationToken) : AuditManifest(file, cancellationToken);

        private IEnumerable<DependencyFinding> AuditManifest(DependencyFile file, CancellationToken cancellationToken)
        {
            DependencyText text = DependencyText.Read(file, cancellationToken);
            using JsonDocument document = text.ParseJson();
            var findings = new List<DependencyFinding>();
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw text.Invalid(1, "package.json is not a JSON object");
            }

            foreach (string section in DependencySections)
            {
                if (document.RootElement.TryGetProperty(section, out JsonElement dependencies) && dependencies.ValueKind == JsonValueKind.Object)
                {
                    int from = 0;
                    text.LineOfObjectKey(section, ref from);
                    foreach (JsonProperty dependency in dependencies.EnumerateObject())
                    {
                        int? line = text.LineOfQuoted(dependency.Name, ref from);
                        if (dependency.Value.ValueKind == JsonValueKind.String)
                        {
                            AddClassified(findings, file, dependency.Name, dependency.Value.GetString()!, line, section);
                        }
                    }
                }
            }

            if (document.RootElement.TryGetProperty("overrides", out JsonElement overrides) && overrides.ValueKind == JsonValueKind.Object)
            {
                int from = 0;
                text.LineOfObjectKey("overrides", ref from);
                AuditOverrides(findings, text, overrides, ref from, 0);
            }

            return findings;
        }

        /// <summary>overrides: { "name": "1.0.0", "parent": { ".": "1.0.0", "child": "2.0.0" } }; "$name" values refer to the project's own dependency.</summary>
        private void AuditOverrides(List<DependencyFinding> findings, DependencyText text, JsonElement overrides, ref int from, int depth)
        {
            if (depth > MaxOverrideDepth)
            {
                return;
            }

            foreach (JsonProperty entry in overrides.EnumerateObject())
            {
                int? line = text.LineOfQuoted(entry.Name, ref from);
                if (entry.Value.ValueKind == JsonValueKind.Object)
                {
                    AuditOverrides(findings, text, entry.Value, ref from, depth + 1);
                }
                else if (entry.Value.ValueKind == JsonValueKind.String && !entry.Value.GetString()!.StartsWith("$", StringComparison.Ordinal))
                {
                    AddClassified(findings, text.File, entry.Name, entry.Value.GetString()!, line, "overrides");
                }
            }
        }

        private void AddClassified(List<DependencyFinding> findings, DependencyFile file, string name, string value, int? line, string section)
        {
            (DependencyRule Rule, string Reason)? problem = NpmSpec.Classify(value);
            if (problem.HasValue)
            {
                findings.Add(problem.Value.Rule.Finding(Ecosystem, file, line, name, value, null, $"{section} '{name}': {problem.Value.Reason}."));
            }
        }

        private IEnumerable<DependencyFinding> AuditLock(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            var findings = new List<DependencyFinding>();
            foreach (NpmLockEntry entry in NpmLockFile.Read(file, cancellationToken))
            {
                if (entry.IsLink || entry.Resolved == null)
                {
                    continue; // A workspace link, or an entry npm fetches from the configured registry and checks against its integrity.
                }

                string resolved = entry.Resolved;
                if (IsGit(resolved))
                {
                    int hash = resolved.IndexOf('#');
                    bool pinned = hash >= 0 && NamePattern.IsFullCommit(resolved.Substring(hash + 1));
                    findings.Add((pinned ? NpmRules.LockGitSource : NpmRules.GitReference).Finding(Ecosystem, file, entry.Line, entry.Name, entry.Version, resolved, pinned
                        ? $"'{entry.Name}' is installed from git at a commit; npm records no integrity for it."
                        : $"'{entry.Name}' is installed from git without a full commit id."));
                    continue;
                }

                string? host = NamePattern.HostOf(resolved);
                if (host == null)
                {
                    continue; // file: or a relative path: local content.
                }

                if (NamePattern.IsHttp(resolved))
                {
                    findings.Add(NpmRules.LockInsecureResolved.Finding(Ecosystem, file, entry.Line, entry.Name, entry.Version, resolved, $"'{entry.Name}' is downloaded over plain http."));
                }

                if (!PublicRegistryHosts.Contains(host, StringComparer.OrdinalIgnoreCase) && (options.AllowedSources.Count == 0 || !NamePattern.IsAllowedSource(options.AllowedSources, resolved)))
                {
                    findings.Add(NpmRules.LockForeignHost.Finding(Ecosystem, file, entry.Line, entry.Name, entry.Version, resolved, $"'{entry.Name}' is downloaded from {host}, not the npm registry or an approved source."));
                }

                if (NamesAnotherPackage(entry.Name, resolved))
                {
                    findings.Add(NpmRules.LockNameMismatch.Finding(Ecosystem, file, entry.Line, entry.Name, entry.Version, resolved, $"'{entry.Name}' resolves to the tarball of another package ({resolved})."));
                }

                if (string.IsNullOrWhiteSpace(entry.Integrity))
                {
                    findings.Add(NpmRules.LockMissingIntegrity.Finding(Ecosystem, file, entry.Line, entry.Name, entry.Version, resolved, $"'{entry.Name}' has no integrity hash."));
                }
                else if (entry.Integrity!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).All(h => h.StartsWith("sha1-", StringComparison.OrdinalIgnoreCase)))
                {
                    findings.Add(NpmRules.LockWeakIntegrity.Finding(Ecosystem, file, entry.Line, entry.Name, entry.Version, entry.Integrity, $"'{entry.Name}' is checked with SHA-1 only."));
                }
            }

            return findings;
        }

        internal static bool IsGit(string resolved) =>
            resolved.StartsWith("git+", StringComparison.OrdinalIgnoreCase) || resolved.StartsWith("git:", StringComparison.OrdinalIgnoreCase)
            || resolved.StartsWith("github:", StringComparison.OrdinalIgnoreCase);

        /// <summary>A registry tarball URL is .../&lt;name&gt;/-/&lt;base name&gt;-&lt;version&gt;.tgz; true when it names a different package.</summary>
        internal static bool NamesAnotherPackage(string name, string resolved)
        {
            if (!Uri.TryCreate(resolved, UriKind.Absolute, out Uri? uri))
            {
                return false;
            }

            string path = Uri.UnescapeDataString(uri.AbsolutePath);
            int marker = path.LastIndexOf("/-/", StringComparison.Ordinal);
            if (marker < 0)
            {
                return false; // Not a registry tarball layout; the host rule covers it.
            }

            string before = path.Substring(0, marker);
            return !before.EndsWith("/" + name, StringComparison.OrdinalIgnoreCase);
        }
    }
}
