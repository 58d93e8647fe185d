using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Npm
{
    /// <summary>
    /// npm sources (M1033): .npmrc registries (http, strict-ssl, -AllowedSource); internal packages
    /// (-InternalPackagePattern) in package.json without a registry of their own in the nearest .npmrc; and lock
    /// file entries that resolved an internal name from the public registry.
    /// </summary>
    public sealed class NpmSourceAuditor : IDependencyFileAuditor
    {
        private readonly NearestFileFinder _npmrcFinder = new NearestFileFinder(".npmrc");
        private readonly Dictionary<string, Npmrc?> _npmrcs = new Dictionary<string, Npmrc?>(StringComparer.Ordinal);

        public string Ecosystem => NpmRules.Ecosystem;

        public string Mitigation => FindingMitigation.LimitSources;

        public IReadOnlyList<DependencyRule> Rules => NpmRules.Sources;

        public bool Handles(DependencyFile file) =>
            string.Equals(file.Name, ".npmrc", StringComparison.OrdinalIgnoreCase)
            || string.Equals(file.Name, "package.json", StringComparison.OrdinalIgnoreCase)
            || NpmLockFile.IsLockFile(file.Name);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            if (string.Equals(file.Name, ".npmrc", StringComparison.OrdinalIgnoreCase))
            {
                return AuditNpmrc(file, Npmrc.Read(file, cancellationToken), options);
            }

            if (options.InternalPackagePatterns.Count == 0)
            {
                return Array.Empty<DependencyFinding>();
            }

            return NpmLockFile.IsLockFile(file.Name) ? AuditLock(file, options, cancellationToken) : AuditManifest(file, options, cancellationToken);
        }

        private IEnumerable<DependencyFinding> AuditNpmrc(DependencyFile file, Npmrc npmrc, DependencyAuditOptions options)
        {
            foreach (NpmrcSetting setting in npmrc.Settings)
            {
                if (Npmrc.IsRegistryKey(setting.Key))
                {
                    if (NamePattern.IsHttp(setting.Value))
                    {
                        yield return NpmRules.InsecureRegistry.Finding(Ecosystem, file, setting.Line, setting.Key, setting.Value, null, $"{setting.Key} is plain http.");
                    }

                    if (!NamePattern.IsAllowedSource(options.AllowedSources, setting.Value))
                    {
                        yield return NpmRules.UnapprovedRegistry.Finding(Ecosystem, file, setting.Line, setting.Key, setting.Value, null, $"{setting.Key} ({setting.Value}) is not an approved source.");
                    }
                }
                else if (string.Equals(setting.Key, "strict-ssl", StringComparison.OrdinalIgnoreCase) && string.Equals(setting.Value, "false", StringComparison.OrdinalIgnoreCase))
                {
                    yield return NpmRules.StrictSslDisabled.Finding(Ecosystem, file, setting.Line, null, "strict-ssl=false", null, "strict-ssl=false: npm accepts any TLS certificate.");
                }
            }
        }

        private IEnumerable<DependencyFinding> AuditManifest(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            DependencyText text = DependencyText.Read(file, cancellationToken);
            using JsonDocument document = text.ParseJson();
            var findings = new List<DependencyFinding>();
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw text.Invalid(1, "package.json is not a JSON object");
            }

            Npmrc? npmrc = NpmrcFor(file, cancellationToken);
            foreach (string section in NpmPinningAuditor.DependencySections)
            {
                if (!document.RootElement.TryGetProperty(section, out JsonElement dependencies) || dependencies.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                int from = 0;
                text.LineOfObjectKey(section, ref from);
                foreach (JsonProperty dependency in dependencies.EnumerateObject())
                {
                    int? line = text.LineOfQuoted(dependency.Name, ref from);
                    if (!NamePattern.MatchesAny(options.InternalPackagePatterns, dependency.Name))
                    {
                        continue;
                    }

                    string? scope = dependency.Name.StartsWith("@", StringComparison.Ordinal) && dependency.Name.Contains("/") ? dependency.Name.Substring(0, dependency.Name.IndexOf('/')) : null;
                    string? registry = npmrc?.RegistryFor(scope);
                    string? host = registry == null ? null : NamePattern.HostOf(registry);
                    if (host == null || NpmPinningAuditor.PublicRegistryHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
                    {
                        string setting = scope == null ? "registry" : scope + ":registry";
                        findings.Add(NpmRules.InternalScopeUnmapped.Finding(Ecosystem, file, line, dependency.Name, registry, null, registry == null
                            ? $"Internal package '{dependency.Name}': no .npmrc above this package.json sets {setting}, so npm asks the public registry."
                            : $"Internal package '{dependency.Name}': {setting} is the public registry."));
                    }
                }
            }

            return findings;
        }

        private IEnumerable<DependencyFinding> AuditLock(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            foreach (NpmLockEntry entry in NpmLockFile.Read(file, cancellationToken))
            {
                if (entry.Resolved == null || !NamePattern.MatchesAny(options.InternalPackagePatterns, entry.Name))
                {
                    continue;
                }

                string? host = NamePattern.HostOf(entry.Resolved);
                bool fromPublic = host != null && NpmPinningAuditor.PublicRegistryHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
                bool unapproved = host != null && options.AllowedSources.Count > 0 && !NamePattern.IsAllowedSource(options.AllowedSources, entry.Resolved);
                if (fromPublic || unapproved)
                {
                    yield return NpmRules.InternalPackageFromPublicRegistry.Finding(Ecosystem, file, entry.Line, entry.Name, entry.Version, entry.Resolved,
                        $"Internal package '{entry.Name}' was resolved from {host}{(fromPublic ? ", the public registry" : ", not an approved source")}.");
                }
            }
        }

        private Npmrc? NpmrcFor(DependencyFile file, CancellationToken cancellationToken)
        {
            string? folder = Path.GetDirectoryName(file.FullPath);
            string? path = folder == null ? null : _npmrcFinder.Find(folder);
            if (path == null)
            {
                return null;
            }

            if (!_npmrcs.TryGetValue(path, out Npmrc? npmrc))
            {
                npmrc = Npmrc.Read(new DependencyFile(path, ".npmrc"), cancellationToken);
                _npmrcs[path] = npmrc;
            }

            return npmrc;
        }
    }
}
