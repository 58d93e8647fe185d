using System;
using System.Collections.Generic;
using System.Threading;
using SupplyChainTools.Core.Json;

namespace SupplyChainTools.Core.Advisories
{
    /// <summary>
    /// Reads one OSV record (JSON, the OSV schema) into an <see cref="OsvRecord"/>: id, aliases, summary, severity,
    /// withdrawn, the malicious-package mark and each affected package with its ranges and versions. Counts are
    /// bounded; a record that breaks the schema where matching depends on it is one <see cref="OsvRecordException"/>.
    /// </summary>
    internal static class OsvRecordParser
    {
        /// <summary>The most affected[] blocks, ranges per block, events per range and listed versions per block.</summary>
        public const int MaximumAffected = 10_000;
        public const int MaximumRanges = 1_000;
        public const int MaximumEvents = 10_000;
        public const int MaximumVersions = 200_000;

        public static OsvRecord Parse(string text, string source, CancellationToken cancellationToken)
        {
            JsonNode root;
            try
            {
                root = JsonDocumentParser.Parse(text, cancellationToken);
            }
            catch (JsonFormatException ex)
            {
                throw new OsvRecordException(source, ex.Line, "it is not valid JSON: " + ex.Problem, ex);
            }

            if (root.Kind != JsonKind.Object)
            {
                throw new OsvRecordException(source, root.Line, "an OSV record is a JSON object");
            }

            string? id = root.GetString("id");
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new OsvRecordException(source, root.Line, "it has no \"id\"");
            }

            JsonNode? databaseSpecific = root["database_specific"];
            bool malicious = id!.StartsWith("MAL-", StringComparison.Ordinal) || databaseSpecific?["malicious-packages-origins"] != null;
            var record = new OsvRecord(id, Strings(root.GetArray("aliases"), source, "aliases"), root.GetString("summary") ?? root.GetString("details"), Severity(root), malicious, root["withdrawn"] != null, source);
            IReadOnlyList<JsonNode> affected = Bounded(root.GetArray("affected"), MaximumAffected, source, "affected");
            foreach (JsonNode block in affected)
            {
                OsvAffected? parsed = ParseAffected(record, block, source);
                if (parsed != null)
                {
                    record.Affected.Add(parsed);
                }
            }

            return record;
        }

        private static OsvAffected? ParseAffected(OsvRecord record, JsonNode block, string source)
        {
            JsonNode? package = block["package"];
            if (package == null)
            {
                return null; // the schema allows an affected block without a package (a GIT-only range): nothing to match by name
            }

            string? ecosystem = package.GetString("ecosystem");
            string? name = package.GetString("name");
            if (string.IsNullOrWhiteSpace(ecosystem) || string.IsNullOrWhiteSpace(name))
            {
                throw new OsvRecordException(source, package.Line, "an affected package has no \"ecosystem\" or \"name\"");
            }

            var ranges = new List<OsvRange>();
            foreach (JsonNode range in Bounded(block.GetArray("ranges"), MaximumRanges, source, "ranges"))
            {
                string? type = range.GetString("type");
                if (type == null)
                {
                    throw new OsvRecordException(source, range.Line, "a range has no \"type\"");
                }

                var events = new List<OsvEvent>();
                foreach (JsonNode item in Bounded(range.GetArray("events"), MaximumEvents, source, "events"))
                {
                    events.Add(ParseEvent(item, source));
                }

                ranges.Add(new OsvRange(type, events));
            }

            string[] versions = Strings(Bounded(block.GetArray("versions"), MaximumVersions, source, "versions"), source, "versions");
            return new OsvAffected(record, ecosystem!, name!, package.GetString("purl"), ranges, versions);
        }

        private static OsvEvent ParseEvent(JsonNode item, string source)
        {
            if (item.Members.Count == 1 && item.Members[0].Value.Kind == JsonKind.String)
            {
                string version = item.Members[0].Value.Text!;
                switch (item.Members[0].Key)
                {
                    case "introduced": return new OsvEvent(OsvEventKind.Introduced, version);
                    case "fixed": return new OsvEvent(OsvEventKind.Fixed, version);
                    case "last_affected": return new OsvEvent(OsvEventKind.LastAffected, version);
                    case "limit": return new OsvEvent(OsvEventKind.Limit, version);
                }
            }

            throw new OsvRecordException(source, item.Line, "a range event must be one of introduced, fixed, last_affected or limit, with a string version");
        }

        /// <summary>database_specific.severity (GitHub's CRITICAL/HIGH/MODERATE/LOW), else the first severity[] score.</summary>
        private static string? Severity(JsonNode root)
        {
            string? severity = root["database_specific"]?.GetString("severity");
            if (!string.IsNullOrEmpty(severity))
            {
                return severity;
            }

            foreach (JsonNode score in root.GetArray("severity"))
            {
                string? value = score.GetString("score");
                if (value != null)
                {
                    return value;
                }
            }

            return null;
        }

        private static IReadOnlyList<JsonNode> Bounded(IReadOnlyList<JsonNode> items, int maximum, string source, string what)
        {
            if (items.Count > maximum)
            {
                throw new OsvRecordException(source, items[maximum].Line, $"\"{what}\" has more than {maximum:N0} items");
            }

            return items;
        }

        private static string[] Strings(IReadOnlyList<JsonNode> items, string source, string what)
        {
            var result = new string[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i].Kind != JsonKind.String)
                {
                    throw new OsvRecordException(source, items[i].Line, $"\"{what}\" must hold strings");
                }

                result[i] = items[i].Text!;
            }

            return result;
        }
    }
}
