using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.FileSystem;
using YamlDotNet.RepresentationModel;

namespace SupplyChainTools.Core.Dependencies.Reporting
{
    /// <summary>
    /// A suppression file (YAML, so entries can carry comments): a list under "suppressions:" whose entries name
    /// ruleId, path (a glob relative to the file's folder), optionally package, a required reason and optionally
    /// expires (yyyy-MM-dd). A matched finding is marked suppressed with the reason, never dropped; an expired entry
    /// no longer applies. An entry without reason, with an unknown key or a bad date is an error naming its line.
    /// </summary>
    public sealed class FindingSuppressions
    {
        public const int MaximumEntries = 10_000;
        private static readonly string[] Keys = { "ruleId", "path", "package", "reason", "expires" };

        private FindingSuppressions(string folder, IReadOnlyList<SuppressionEntry> entries)
        {
            Folder = folder;
            Entries = entries;
        }

        /// <summary>The folder entries' paths are relative to (the suppression file's).</summary>
        public string Folder { get; }

        public IReadOnlyList<SuppressionEntry> Entries { get; }

        /// <summary>Reads the suppression file at <paramref name="path"/> through <see cref="InputFileOpener"/>.</summary>
        public static FindingSuppressions Load(string path, CancellationToken cancellationToken)
        {
            string full = System.IO.Path.GetFullPath(path);
            byte[] bytes = InputFileOpener.ReadAllBytes(full, InputKind.SuppressionFile, cancellationToken);
            using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            return Parse(reader.ReadToEnd(), full, cancellationToken);
        }

        /// <summary>The suppressions in <paramref name="text"/>, read as the file <paramref name="path"/>.</summary>
        public static FindingSuppressions Parse(string text, string path, CancellationToken cancellationToken)
        {
            YamlStream stream = BoundedYamlParser.Load(text, path);
            var entries = new List<SuppressionEntry>();
            YamlNode? root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            YamlNode? list = root is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode("suppressions"), out YamlNode? value) ? value : root;
            if (list is YamlSequenceNode sequence)
            {
                foreach (YamlNode node in sequence.Children)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (entries.Count >= MaximumEntries)
                    {
                        throw Error(path, node, "The file has more than " + MaximumEntries + " entries.");
                    }

                    entries.Add(Entry(path, node));
                }
            }
            else if (root != null && !(root is YamlScalarNode { Value: null or "" }) && !(list is YamlScalarNode { Value: null or "" }))
            {
                throw Error(path, list ?? root, "Expected a list of entries under 'suppressions:'.");
            }

            return new FindingSuppressions(System.IO.Path.GetDirectoryName(path) ?? ".", entries);
        }

        /// <summary>Entries whose expiry date has passed on <paramref name="today"/>: they no longer suppress anything.</summary>
        public IReadOnlyList<SuppressionEntry> Expired(DateTime today) => Entries.Where(e => e.IsExpired(today)).ToList();

        /// <summary>Every finding, the matched ones marked suppressed with their entry's reason (today's date, UTC, decides expiry).</summary>
        public IEnumerable<DependencyFinding> Apply(IEnumerable<DependencyFinding> findings) => Apply(findings, DateTime.UtcNow.Date);

        public IEnumerable<DependencyFinding> Apply(IEnumerable<DependencyFinding> findings, DateTime today)
        {
            foreach (DependencyFinding finding in findings)
            {
                yield return Apply(finding, today);
            }
        }

        /// <summary>The finding, marked suppressed when an unexpired entry matches it (the first such entry's reason).</summary>
        public DependencyFinding Apply(DependencyFinding finding, DateTime today)
        {
            if (finding.Suppressed)
            {
                return finding;
            }

            string relative = SarifLog.RelativeUri(Folder, finding.File) is string uri ? Uri.UnescapeDataString(uri) : finding.File.Replace('\\', '/');
            SuppressionEntry? entry = Entries.FirstOrDefault(e => !e.IsExpired(today) && e.Matches(finding, relative));
            return entry == null ? finding : finding.Suppress(entry.Reason);
        }

        private static SuppressionEntry Entry(string path, YamlNode node)
        {
            if (node is not YamlMappingNode mapping)
            {
                throw Error(path, node, "An entry must be a mapping with ruleId, path and reason.");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<YamlNode, YamlNode> pair in mapping.Children)
            {
                string key = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
                if (!Keys.Contains(key))
                {
                    throw Error(path, pair.Key, "Unknown key '" + key + "'; an entry has " + string.Join(", ", Keys) + ".");
                }

                if (pair.Value is not YamlScalarNode scalar)
                {
                    throw Error(path, pair.Value, "'" + key + "' must be a single value.");
                }

                values[key] = scalar.Value ?? string.Empty;
            }

            foreach (string required in new[] { "ruleId", "reason" })
            {
                if (!values.TryGetValue(required, out string? given) || string.IsNullOrWhiteSpace(given))
                {
                    throw Error(path, node, "The entry has no " + required + (required == "reason" ? ": every suppression must say why." : "."));
                }
            }

            DateTime? expires = null;
            if (values.TryGetValue("expires", out string? date))
            {
                if (!DateTime.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime parsed))
                {
                    throw Error(path, node, "expires must be a date written yyyy-MM-dd, not '" + date + "'.");
                }

                expires = parsed.Date;
            }

            values.TryGetValue("package", out string? package);
            return new SuppressionEntry(values["ruleId"].Trim(), values.TryGetValue("path", out string? glob) && glob.Length > 0 ? glob.Trim() : "**",
                string.IsNullOrWhiteSpace(package) ? null : package!.Trim(), values["reason"].Trim(), expires, Line(node));
        }

        private static int Line(YamlNode node) => (int)Math.Min(int.MaxValue, node.Start.Line);

        private static DependencyFileFormatException Error(string path, YamlNode node, string message) =>
            new DependencyFileFormatException(path, Line(node), message);
    }
}
