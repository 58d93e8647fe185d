using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Dependencies.NuGet
{
    /// <summary>
    /// NuGet sources (M1033): each nuget.config (sources, &lt;clear/&gt;, http, TLS validation, packageSourceMapping,
    /// signature validation, trusted signers, -AllowedSource); with -GlobalPackagesFolder, each packages.lock.json's
    /// packages against the feed the global packages folder says they came from and the content hash it holds.
    /// </summary>
    public sealed class NuGetSourceAuditor : IDependencyFileAuditor
    {
        private static readonly string[] PublicFeedHosts = { "api.nuget.org", "www.nuget.org", "nuget.org" };
        private readonly NearestFileFinder _configFinder = new NearestFileFinder("nuget.config", "NuGet.Config", "NuGet.config", "Nuget.Config", "Nuget.config");
        private readonly Dictionary<string, NuGetConfig?> _configs = new Dictionary<string, NuGetConfig?>(StringComparer.Ordinal);

        public string Ecosystem => NuGetRules.Ecosystem;

        public string Mitigation => FindingMitigation.LimitSources;

        public IReadOnlyList<DependencyRule> Rules => NuGetRules.Sources;

        public bool Handles(DependencyFile file) => IsConfig(file.Name) || IsLockFile(file.Name);

        private static bool IsConfig(string name) => string.Equals(name, "nuget.config", StringComparison.OrdinalIgnoreCase);

        private static bool IsLockFile(string name) =>
            name.StartsWith("packages.", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".lock.json", StringComparison.OrdinalIgnoreCase);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            if (IsConfig(file.Name))
            {
                return AuditConfig(file, NuGetConfig.Read(file, cancellationToken), options);
            }

            return options.GlobalPackagesFolder == null ? Array.Empty<DependencyFinding>() : AuditRestored(file, options, cancellationToken);
        }

        private IEnumerable<DependencyFinding> AuditConfig(DependencyFile file, NuGetConfig config, DependencyAuditOptions options)
        {
            var findings = new List<DependencyFinding>();
            if (config.PackageSourcesLine.HasValue && !config.SourcesCleared)
            {
                findings.Add(NuGetRules.SourcesNotCleared.Finding(Ecosystem, file, config.PackageSourcesLine, null, null, null,
                    "packageSources has no <clear/>: the sources of the user's and the machine's nuget.config are used as well."));
            }

            foreach (NuGetSource source in config.EnabledSources)
            {
                if (NamePattern.IsHttp(source.Url))
                {
                    findings.Add(NuGetRules.InsecureSource.Finding(Ecosystem, file, source.Line, source.Key, source.Url, null,
                        $"Source '{source.Key}' is plain http{(source.AllowInsecure ? " (allowInsecureConnections is set)" : string.Empty)}."));
                }

                if (source.TlsValidationDisabled)
                {
                    findings.Add(NuGetRules.TlsValidationDisabled.Finding(Ecosystem, file, source.Line, source.Key, source.Url, null,
                        $"Source '{source.Key}' accepts any TLS certificate (disableTLSCertificateValidation)."));
                }

                if (!NamePattern.IsAllowedSource(options.AllowedSources, source.Url))
                {
                    findings.Add(NuGetRules.UnapprovedSource.Finding(Ecosystem, file, source.Line, source.Key, source.Url, null,
                        $"Source '{source.Key}' ({source.Url}) is not an approved feed."));
                }
            }

            int enabled = config.EnabledSources.Count();
            if (config.Mapping == null && (enabled > 1 || (enabled == 1 && !config.SourcesCleared)))
            {
                findings.Add(NuGetRules.NoSourceMapping.Finding(Ecosystem, file, config.PackageSourcesLine, null, null, null, enabled > 1
                    ? $"{enabled} enabled sources and no packageSourceMapping: any package id may be taken from any of them."
                    : "No packageSourceMapping, and without <clear/> the inherited sources (nuget.org at least) are searched too."));
            }

            AuditInternalMapping(findings, file, config, options);
            if (!string.Equals(config.SignatureValidationMode?.Trim(), "require", StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(NuGetRules.SignatureValidationNotRequired.Finding(Ecosystem, file, config.SignatureValidationLine, null, config.SignatureValidationMode, null,
                    config.SignatureValidationMode == null
                        ? "signatureValidationMode is not set, so it is 'accept': packages install whoever signed them, or nobody."
                        : $"signatureValidationMode is '{config.SignatureValidationMode}', not 'require'."));
            }

            foreach ((string signer, int? line) in config.UntrustedRootSigners)
            {
                findings.Add(NuGetRules.UntrustedRootAllowed.Finding(Ecosystem, file, line, signer, "allowUntrustedRoot=true", null,
                    $"Trusted signer '{signer}' accepts a certificate that does not chain to a trusted root."));
            }

            return findings;
        }

        /// <summary>
        /// Each internal pattern against packageSourceMapping: a representative id ("Contoso.*" gives "Contoso.Example")
        /// must map to enabled sources, none of them a public feed.
        /// </summary>
        private void AuditInternalMapping(List<DependencyFinding> findings, DependencyFile file, NuGetConfig config, DependencyAuditOptions options)
        {
            if (config.Mapping == null)
            {
                return; // NoSourceMapping already says every id may come from every feed.
            }

            foreach (string pattern in options.InternalPackagePatterns.Where(p => !p.StartsWith("@", StringComparison.Ordinal)))
            {
                string id = pattern.EndsWith("*", StringComparison.Ordinal) ? pattern.Substring(0, pattern.Length - 1) + "Example" : pattern;
                IReadOnlyList<string> keys = config.SourcesFor(id);
                var sources = config.EnabledSources.Where(s => keys.Contains(s.Key, StringComparer.OrdinalIgnoreCase)).ToList();
                NuGetSource? publicFeed = sources.FirstOrDefault(s => NamePattern.HostOf(s.Url) is string host && PublicFeedHosts.Contains(host, StringComparer.OrdinalIgnoreCase));
                if (sources.Count == 0 || publicFeed != null)
                {
                    findings.Add(NuGetRules.InternalPackageUnmapped.Finding(Ecosystem, file, publicFeed?.Line ?? config.PackageSourcesLine, pattern, string.Join(", ", keys), publicFeed?.Url,
                        publicFeed != null
                            ? $"Internal packages '{pattern}' are mapped to the public feed '{publicFeed.Key}'."
                            : $"Internal packages '{pattern}' are mapped to no enabled source, so restore cannot find them where they belong."));
                }
            }
        }

        private IEnumerable<DependencyFinding> AuditRestored(DependencyFile lockFile, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            string globalPackages = options.GlobalPackagesFolder!;
            List<NuGetLockEntry> entries = NuGetLockFile.Read(lockFile, cancellationToken);
            NuGetConfig? config = ConfigFor(lockFile, cancellationToken);
            var findings = new List<DependencyFinding>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (NuGetLockEntry entry in entries.Where(e => e.IsPackage && e.Resolved != null))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!seen.Add(entry.Id + "/" + entry.Resolved))
                {
                    continue;
                }

                RestoredPackage? restored = NuGetGlobalPackages.Find(globalPackages, entry.Id, entry.Resolved!, cancellationToken);
                if (restored == null)
                {
                    continue;
                }

                string? problem = restored.Source == null ? null : SourceProblem(entry.Id, restored.Source, config, options);
                if (problem != null)
                {
                    findings.Add(NuGetRules.RestoredFromUnexpectedSource.Finding(Ecosystem, lockFile, entry.Line, entry.Id, entry.Resolved, restored.Source,
                        $"'{entry.Id}' {entry.Resolved} was restored from {restored.Source}: {problem}."));
                }

                DependencyFinding? signature = SignatureFinding(lockFile, entry, restored, options, cancellationToken);
                if (signature != null)
                {
                    findings.Add(signature);
                }

                if (entry.ContentHash == null)
                {
                    continue;
                }

                if (restored.MetadataHash != null && !string.Equals(restored.MetadataHash, entry.ContentHash, StringComparison.Ordinal))
                {
                    findings.Add(NuGetRules.ContentHashMismatch.Finding(Ecosystem, lockFile, entry.Line, entry.Id, entry.ContentHash, restored.MetadataHash,
                        $"'{entry.Id}' {entry.Resolved}: the global packages folder's .nupkg.metadata records another content hash than the lock file."));
                }

                string? computed = NuGetGlobalPackages.ComputeContentHash(restored, entry.Id, entry.Resolved!, cancellationToken);
                if (computed != null && !string.Equals(computed, entry.ContentHash, StringComparison.Ordinal))
                {
                    findings.Add(NuGetRules.ContentHashMismatch.Finding(Ecosystem, lockFile, entry.Line, entry.Id, entry.ContentHash, computed,
                        $"'{entry.Id}' {entry.Resolved}: the .nupkg in the global packages folder hashes to another SHA-512 than the lock file records."));
                }
            }

            return findings;
        }

        /// <summary>The finding for a restored package whose signature is not valid or absent, when signatures are checked.</summary>
        private DependencyFinding? SignatureFinding(DependencyFile lockFile, NuGetLockEntry entry, RestoredPackage restored, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            string? path = options.PackageSignatures == null ? null : NuGetGlobalPackages.PackagePath(restored, entry.Id, entry.Resolved!);
            if (path == null)
            {
                return null;
            }

            PackageSignature verdict = options.PackageSignatures!.Verify(path, cancellationToken);
            if (verdict.Status == AuthenticodeStatus.Valid)
            {
                return null;
            }

            DependencyRule rule = verdict.Status == AuthenticodeStatus.NotSigned ? NuGetRules.PackageNotSigned : NuGetRules.PackageSignatureNotValid;
            string code = verdict.NuGetCode == null ? string.Empty : " (" + verdict.NuGetCode + ")";
            return rule.Finding(Ecosystem, lockFile, entry.Line, entry.Id, entry.Resolved, verdict.Status,
                $"'{entry.Id}' {entry.Resolved} in the global packages folder: {verdict.Status}{code}: {verdict.StatusMessage}");
        }

        /// <summary>Why a package should not have come from <paramref name="source"/>, or null when it may.</summary>
        private static string? SourceProblem(string id, string source, NuGetConfig? config, DependencyAuditOptions options)
        {
            if (config?.Mapping != null)
            {
                IReadOnlyList<string> keys = config.SourcesFor(id);
                var urls = config.Sources.Where(s => keys.Contains(s.Key, StringComparer.OrdinalIgnoreCase)).Select(s => s.Url.TrimEnd('/')).ToList();
                if (!urls.Contains(source.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
                {
                    return keys.Count == 0
                        ? "packageSourceMapping maps the id to no source"
                        : $"packageSourceMapping allows only {string.Join(", ", keys)} ({string.Join(", ", urls)})";
                }
            }

            if (!NamePattern.IsAllowedSource(options.AllowedSources, source))
            {
                return "not an approved feed";
            }

            string? host = NamePattern.HostOf(source);
            if (NamePattern.MatchesAny(options.InternalPackagePatterns, id) && host != null && PublicFeedHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                return "an internal package taken from the public feed";
            }

            return null;
        }

        private NuGetConfig? ConfigFor(DependencyFile lockFile, CancellationToken cancellationToken)
        {
            string? folder = Path.GetDirectoryName(lockFile.FullPath);
            string? path = folder == null ? null : _configFinder.Find(folder);
            if (path == null)
            {
                return null;
            }

            if (!_configs.TryGetValue(path, out NuGetConfig? config))
            {
                try
                {
                    config = NuGetConfig.Read(new DependencyFile(path, Path.GetFileName(path)), cancellationToken);
                }
                catch (DependencyFileFormatException)
                {
                    config = null; // Reported when the audit meets that file itself.
                }

                _configs[path] = config;
            }

            return config;
        }
    }
}
