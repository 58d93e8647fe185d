using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Dependencies.Reporting
{
    /// <summary>
    /// Dependency findings as a SARIF 2.1.0 log, for code-scanning uploads: one run whose tool.driver.rules are the
    /// rules of the findings (with their titles and remediation when the declared rules are given), results with
    /// ruleId, level, message, a location relative to a base folder (uriBaseId SRCROOT) and line, and a suppression
    /// (kind external, the entry's reason) for every suppressed finding: suppressed results stay in the log.
    /// </summary>
    public static class SarifLog
    {
        public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
        public const string ToolName = "SupplyChainTools";
        public const string BaseId = "SRCROOT";

        /// <summary>The log as a string (indented).</summary>
        public static string ToJson(IEnumerable<DependencyFinding> findings, string? baseDirectory, IEnumerable<DependencyRule>? declaredRules, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            Write(buffer, findings, baseDirectory, declaredRules, cancellationToken);
            return new UTF8Encoding(false).GetString(buffer.ToArray());
        }

        /// <summary>
        /// Writes the log to <paramref name="path"/> through a temporary file renamed into place, so a reader never
        /// sees half a log. An existing file is replaced only when <paramref name="overwrite"/> is set.
        /// </summary>
        public static void WriteFile(string path, IEnumerable<DependencyFinding> findings, string? baseDirectory, IEnumerable<DependencyRule>? declaredRules, bool overwrite, CancellationToken cancellationToken)
        {
            string target = Path.GetFullPath(path);
            if (!overwrite && (File.Exists(target) || Directory.Exists(target)))
            {
                throw new IOException("'" + target + "' already exists; use -Force to replace it.");
            }

            string temporary;
            using (FileStream stream = TemporaryFiles.Create(target, out temporary))
            {
                try
                {
                    Write(stream, findings, baseDirectory, declaredRules, cancellationToken);
                }
                catch
                {
                    stream.Dispose();
                    TemporaryFiles.Discard(temporary);
                    throw;
                }
            }

            TemporaryFiles.MoveIntoPlace(temporary, target);
        }

        public static void Write(Stream stream, IEnumerable<DependencyFinding> findings, string? baseDirectory, IEnumerable<DependencyRule>? declaredRules, CancellationToken cancellationToken)
        {
            List<DependencyFinding> all = findings.ToList();
            var declared = new Dictionary<string, DependencyRule>(StringComparer.Ordinal);
            foreach (DependencyRule rule in declaredRules ?? Enumerable.Empty<DependencyRule>())
            {
                declared[rule.Id] = rule;
            }

            var ruleIds = all.Select(f => f.RuleId).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToList();
            var ruleIndex = ruleIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);
            string? root = baseDirectory == null ? null : Path.GetFullPath(baseDirectory);

            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            WriteTool(json, ruleIds, declared, all);
            if (root != null)
            {
                json.WriteStartObject("originalUriBaseIds");
                json.WriteStartObject(BaseId);
                json.WriteString("uri", new Uri(root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar).AbsoluteUri);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteStartArray("results");
            foreach (DependencyFinding finding in all)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WriteResult(json, finding, ruleIndex[finding.RuleId], root);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        /// <summary>SARIF's level for a severity: High = error, Medium = warning, Low and Info = note.</summary>
        public static string Level(string severity) => severity switch
        {
            FindingSeverity.High => "error",
            FindingSeverity.Medium => "warning",
            _ => "note",
        };

        /// <summary>GitHub code scanning's security-severity (0.0-10.0) for a severity.</summary>
        public static string SecuritySeverity(string severity) => severity switch
        {
            FindingSeverity.High => "8.0",
            FindingSeverity.Medium => "5.5",
            FindingSeverity.Low => "3.0",
            _ => "0.0",
        };

        private static void WriteTool(Utf8JsonWriter json, List<string> ruleIds, Dictionary<string, DependencyRule> declared, List<DependencyFinding> all)
        {
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", ToolName);
            json.WriteString("semanticVersion", typeof(SarifLog).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            json.WriteString("informationUri", "https://attack.mitre.org/techniques/T1195/");
            json.WriteStartArray("rules");
            foreach (string id in ruleIds)
            {
                DependencyFinding example = all.First(f => f.RuleId == id);
                declared.TryGetValue(id, out DependencyRule? rule);
                string severity = rule?.Severity ?? example.Severity;
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteString("name", id.Substring(id.IndexOf('/') + 1));
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule?.Title ?? id);
                json.WriteEndObject();
                json.WriteStartObject("help");
                json.WriteString("text", rule?.Remediation ?? example.Remediation);
                json.WriteEndObject();
                json.WriteString("helpUri", "https://attack.mitre.org/mitigations/" + (rule?.Mitigation ?? example.Mitigation) + "/");
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(severity));
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteStartArray("tags");
                json.WriteStringValue("security");
                json.WriteStringValue("supply-chain");
                json.WriteStringValue(rule?.Mitigation ?? example.Mitigation);
                json.WriteEndArray();
                json.WriteString("security-severity", SecuritySeverity(severity));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private static void WriteResult(Utf8JsonWriter json, DependencyFinding finding, int ruleIndex, string? root)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.RuleId);
            json.WriteNumber("ruleIndex", ruleIndex);
            json.WriteString("level", Level(finding.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", finding.Message + " " + finding.Remediation);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            string? relative = root == null ? null : RelativeUri(root, finding.File);
            if (relative != null)
            {
                json.WriteString("uri", relative);
                json.WriteString("uriBaseId", BaseId);
            }
            else
            {
                json.WriteString("uri", new Uri(Path.GetFullPath(finding.File)).AbsoluteUri);
            }

            json.WriteEndObject();
            if (finding.Line.HasValue && finding.Line.Value > 0)
            {
                json.WriteStartObject("region");
                json.WriteNumber("startLine", finding.Line.Value);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            if (finding.Suppressed)
            {
                json.WriteStartArray("suppressions");
                json.WriteStartObject();
                json.WriteString("kind", "external");
                json.WriteString("status", "accepted");
                json.WriteString("justification", finding.SuppressionReason ?? string.Empty);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteStartObject("properties");
            json.WriteString("severity", finding.Severity);
            json.WriteString("mitigation", finding.Mitigation);
            json.WriteString("ecosystem", finding.Ecosystem);
            WriteOptional(json, "package", finding.Package);
            WriteOptional(json, "requested", finding.Requested);
            WriteOptional(json, "resolved", finding.Resolved);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
        {
            if (value != null)
            {
                json.WriteString(name, value);
            }
        }

        /// <summary>The path of <paramref name="file"/> below <paramref name="root"/> as a relative URI ("src/a%20b.yml"); null when outside.</summary>
        internal static string? RelativeUri(string root, string file)
        {
            string full = Path.GetFullPath(file);
            string prefix = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar;
            StringComparison comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (!full.StartsWith(prefix, comparison))
            {
                return null;
            }

            string[] segments = full.Substring(prefix.Length).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return string.Join("/", segments.Select(Uri.EscapeDataString));
        }
    }
}
