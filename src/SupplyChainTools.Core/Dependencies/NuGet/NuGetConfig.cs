using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Xml.Linq;

namespace SupplyChainTools.Core.Dependencies.NuGet
{
    /// <summary>A package source of a nuget.config.</summary>
    internal sealed class NuGetSource
    {
        public NuGetSource(string key, string url, int? line, bool allowInsecure, bool tlsValidationDisabled)
        {
            Key = key;
            Url = url;
            Line = line;
            AllowInsecure = allowInsecure;
            TlsValidationDisabled = tlsValidationDisabled;
        }

        public string Key { get; }
        public string Url { get; }
        public int? Line { get; }
        public bool AllowInsecure { get; }
        public bool TlsValidationDisabled { get; }
        public bool Enabled { get; set; } = true;
    }

    /// <summary>
    /// What the source audit reads from one nuget.config: sources (with &lt;clear/&gt;, &lt;remove/&gt; and
    /// disabledPackageSources applied), packageSourceMapping, signatureValidationMode and trustedSigners. Only this
    /// file: the user and machine configs are what &lt;clear/&gt; shuts out.
    /// </summary>
    internal sealed class NuGetConfig
    {
        private const int MaxEntries = 10_000;

        public List<NuGetSource> Sources { get; } = new List<NuGetSource>();
        public bool SourcesCleared { get; private set; }
        public int? PackageSourcesLine { get; private set; }

        /// <summary>Source key to its package id patterns; null when the file has no packageSourceMapping.</summary>
        public Dictionary<string, List<string>>? Mapping { get; private set; }

        public string? SignatureValidationMode { get; private set; }
        public int? SignatureValidationLine { get; private set; }

        /// <summary>Trusted signers (author or repository name) whose certificate allows an untrusted root, with the line.</summary>
        public List<(string Signer, int? Line)> UntrustedRootSigners { get; } = new List<(string, int?)>();

        public IEnumerable<NuGetSource> EnabledSources => Sources.Where(s => s.Enabled);

        public static NuGetConfig Read(DependencyFile file, CancellationToken cancellationToken)
        {
            DependencyText text = DependencyText.Read(file, cancellationToken);
            XDocument document = text.ParseXml(cancellationToken);
            XElement? root = document.Root;
            if (root == null || !string.Equals(root.Name.LocalName, "configuration", StringComparison.OrdinalIgnoreCase))
            {
                throw text.Invalid(root == null ? null : DependencyText.LineOf(root), "not a NuGet configuration (the root element is not <configuration>)");
            }

            if (root.Descendants().Take(MaxEntries + 1).Count() > MaxEntries)
            {
                throw text.Invalid(null, $"more than {MaxEntries} elements");
            }

            var config = new NuGetConfig();
            foreach (XElement section in Sections(root, "packageSources"))
            {
                config.PackageSourcesLine ??= DependencyText.LineOf(section);
                foreach (XElement entry in section.Elements())
                {
                    string key = entry.Attribute("key")?.Value ?? string.Empty;
                    switch (entry.Name.LocalName)
                    {
                        case "clear":
                            config.SourcesCleared = true;
                            config.Sources.Clear();
                            break;
                        case "remove":
                            config.Sources.RemoveAll(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
                            break;
                        case "add":
                            config.Sources.RemoveAll(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
                            config.Sources.Add(new NuGetSource(
                                key, entry.Attribute("value")?.Value ?? string.Empty, DependencyText.LineOf(entry),
                                IsTrue(entry.Attribute("allowInsecureConnections")?.Value), IsTrue(entry.Attribute("disableTLSCertificateValidation")?.Value)));
                            break;
                    }
                }
            }

            foreach (XElement disabled in Sections(root, "disabledPackageSources").SelectMany(s => s.Elements().Where(e => e.Name.LocalName == "add")))
            {
                if (IsTrue(disabled.Attribute("value")?.Value))
                {
                    foreach (NuGetSource source in config.Sources.Where(s => string.Equals(s.Key, disabled.Attribute("key")?.Value, StringComparison.OrdinalIgnoreCase)))
                    {
                        source.Enabled = false;
                    }
                }
            }

            foreach (XElement mapping in Sections(root, "packageSourceMapping"))
            {
                config.Mapping ??= new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
                foreach (XElement source in mapping.Elements().Where(e => e.Name.LocalName == "packageSource"))
                {
                    string key = source.Attribute("key")?.Value ?? string.Empty;
                    if (!config.Mapping.TryGetValue(key, out List<string>? patterns))
                    {
                        config.Mapping[key] = patterns = new List<string>();
                    }

                    patterns.AddRange(source.Elements().Where(e => e.Name.LocalName == "package").Select(e => e.Attribute("pattern")?.Value ?? string.Empty).Where(p => p.Length > 0));
                }
            }

            foreach (XElement setting in Sections(root, "config").SelectMany(s => s.Elements().Where(e => e.Name.LocalName == "add")))
            {
                if (string.Equals(setting.Attribute("key")?.Value, "signatureValidationMode", StringComparison.OrdinalIgnoreCase))
                {
                    config.SignatureValidationMode = setting.Attribute("value")?.Value;
                    config.SignatureValidationLine = DependencyText.LineOf(setting);
                }
            }

            foreach (XElement signer in Sections(root, "trustedSigners").SelectMany(s => s.Elements()))
            {
                foreach (XElement certificate in signer.Elements().Where(e => e.Name.LocalName == "certificate" && IsTrue(e.Attribute("allowUntrustedRoot")?.Value)))
                {
                    config.UntrustedRootSigners.Add((signer.Attribute("name")?.Value ?? signer.Name.LocalName, DependencyText.LineOf(certificate)));
                }
            }

            return config;
        }

        /// <summary>
        /// The keys of the sources packageSourceMapping allows for <paramref name="id"/>: those of the most specific
        /// matching pattern (an exact id beats any prefix, a longer prefix a shorter one); empty when none matches.
        /// </summary>
        public IReadOnlyList<string> SourcesFor(string id)
        {
            if (Mapping == null)
            {
                return Array.Empty<string>();
            }

            var matches = Mapping.SelectMany(m => m.Value.Where(p => NamePattern.Matches(p, id)).Select(p => (Key: m.Key, Specificity: NamePattern.Specificity(p)))).ToList();
            if (matches.Count == 0)
            {
                return Array.Empty<string>();
            }

            int best = matches.Max(m => m.Specificity);
            return matches.Where(m => m.Specificity == best).Select(m => m.Key).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

        private static IEnumerable<XElement> Sections(XElement root, string name) =>
            root.Elements().Where(e => string.Equals(e.Name.LocalName, name, StringComparison.OrdinalIgnoreCase));

        private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
    }
}
