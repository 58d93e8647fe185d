using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;

namespace SupplyChainTools.Core.Advisories
{
    /// <summary>
    /// Reads one OSV record (JSON, the OSV schema) into an <see cref="OsvRecord"/> with System.Text.Json: id, aliases,
    /// summary, severity, withdrawn, the malicious-package mark and each affected package with its ranges and versions.
    /// Depth and counts are bounded (the record's size by its caller); a record that is not JSON names its line, and
    /// one that breaks the schema where matching depends on it is one <see cref="OsvRecordException"/>.
    /// </summary>
    internal static class OsvRecordParser
    {
        /// <summary>The most affected[] blocks, ranges per block, events per range and listed versions per block.</summary>
        public const int MaximumAffected = 10_000;
        public const int MaximumRanges = 1_000;
        public const int MaximumEvents = 10_000;
        public const int MaximumVersions = 200_000;

        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

        public static OsvRecord Parse(string text, string source, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, Options);
            }
            catch (JsonException ex)
            {
                throw new OsvRecordException(source, ex.LineNumber.HasValue ? (int)ex.LineNumber.Value + 1 : (int?)null, "it is not valid JSON: " + ex.Message, ex);
            }
            catch (ArgumentException ex)
            {
                throw new OsvRecordException(source, null, "it is not valid JSON: " + ex.Message, ex); // text that is not valid UTF-16
            }

            using (document)
            {
                try
                {
                    return Read(document.RootElement, source, cancellationToken);
                }
                catch (InvalidOperationException ex)
                {
                    throw new OsvRecordException(source, null, "a string is not valid UTF-16: " + ex.Message, ex); // an escaped lone surrogate
                }
            }
        }

        private static OsvRecord Read(JsonElement root, string source, CancellationToken cancellationToken)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new OsvRecordException(source, 1, "an OSV record is a JSON object");
            }

            string? id = GetString(root, "id");
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new OsvRecordException(source, null, "it has no \"id\"");
            }

            bool malicious = id!.StartsWith("MAL-", StringComparison.Ordinal) || (Member(root, "database_specific") is JsonElement databaseSpecific && Member(databaseSpecific, "malicious-packages-origins") != null);
            var record = new OsvRecord(id, Strings(GetArray(root, "aliases"), source, "aliases"), GetString(root, "summary") ?? GetString(root, "details"), Severity(root), malicious, Member(root, "withdrawn") != null, source);
            foreach (JsonElement block in Bounded(GetArray(root, "affected"), MaximumAffected, source, "affected"))
            {
                cancellationToken.ThrowIfCancellationRequested();
                OsvAffected? parsed = ParseAffected(record, block, source);
                if (parsed != null)
                {
                    record.Affected.Add(parsed);
                }
            }

            return record;
        }

        private static OsvAffected? ParseAffected(OsvRecord record, JsonElement block, string source)
        {
            if (!(Member(block, "package") is JsonElement package))
            {
                return null; // the schema allows an affected block without a package (a GIT-only range): nothing to match by name
            }

            string? ecosystem = GetString(package, "ecosystem");
            string? name = GetString(package, "name");
            if (string.IsNullOrWhiteSpace(ecosystem) || string.IsNullOrWhiteSpace(name))
            {
                throw new OsvRecordException(source, null, "an affected package has no \"ecosystem\" or \"name\"");
            }

            var ranges = new List<OsvRange>();
            foreach (JsonElement range in Bounded(GetArray(block, "ranges"), MaximumRanges, source, "ranges"))
            {
                string? type = GetString(range, "type");
                if (type == null)
                {
                    throw new OsvRecordException(source, null, "a range has no \"type\"");
                }

                var events = new List<OsvEvent>();
                foreach (JsonElement item in Bounded(GetArray(range, "events"), MaximumEvents, source, "events"))
                {
                    events.Add(ParseEvent(item, source));
                }

                ranges.Add(new OsvRange(type, events));
            }

            string[] versions = Strings(Bounded(GetArray(block, "versions"), MaximumVersions, source, "versions"), source, "versions");
            return new OsvAffected(record, ecosystem!, name!, GetString(package, "purl"), ranges, versions);
        }

        private static OsvEvent ParseEvent(JsonElement item, string source)
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                using (JsonElement.ObjectEnumerator members = item.EnumerateObject())
                {
                    if (members.MoveNext())
                    {
                        JsonProperty only = members.Current;
                        if (!members.MoveNext() && only.Value.ValueKind == JsonValueKind.String)
                        {
                            string version = only.Value.GetString()!;
                            switch (only.Name)
                            {
                                case "introduced": return new OsvEvent(OsvEventKind.Introduced, version);
                                case "fixed": return new OsvEvent(OsvEventKind.Fixed, version);
                                case "last_affected": return new OsvEvent(OsvEventKind.LastAffected, version);
                                case "limit": return new OsvEvent(OsvEventKind.Limit, version);
                            }
                        }
                    }
                }
            }

            throw new OsvRecordException(source, null, "a range event must be one of introduced, fixed, last_affected or limit, with a string version");
        }

        /// <summary>database_specific.severity (GitHub's CRITICAL/HIGH/MODERATE/LOW), else the first severity[] score.</summary>
        private static string? Severity(JsonElement root)
        {
            string? severity = Member(root, "database_specific") is JsonElement databaseSpecific ? GetString(databaseSpecific, "severity") : null;
            if (!string.IsNullOrEmpty(severity))
            {
                return severity;
            }

            foreach (JsonElement score in GetArray(root, "severity"))
            {
                string? value = GetString(score, "score");
                if (value != null)
                {
                    return value;
                }
            }

            return null;
        }

        /// <summary>Member <paramref name="name"/> of an object (the first one, as the OSV schema has no duplicates); null when absent or not an object.</summary>
        private static JsonElement? Member(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) ? value : (JsonElement?)null;

        private static string? GetString(JsonElement element, string name) =>
            Member(element, name) is JsonElement value && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static JsonElement[] GetArray(JsonElement element, string name)
        {
            if (!(Member(element, name) is JsonElement value) || value.ValueKind != JsonValueKind.Array)
            {
                return Array.Empty<JsonElement>();
            }

            var items = new JsonElement[value.GetArrayLength()];
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                items[i++] = item;
            }

            return items;
        }

        private static JsonElement[] Bounded(JsonElement[] items, int maximum, string source, string what)
        {
            if (items.Length > maximum)
            {
                throw new OsvRecordException(source, null, $"\"{what}\" has more than {maximum:N0} items");
            }

            return items;
        }

        private static string[] Strings(JsonElement[] items, string source, string what)
        {
            var result = new string[items.Length];
            for (int i = 0; i < items.Length; i++)
            {
                if (items[i].ValueKind != JsonValueKind.String)
                {
                    throw new OsvRecordException(source, null, $"\"{what}\" must hold strings");
                }

                result[i] = items[i].GetString()!;
            }

            return result;
        }
    }
}
