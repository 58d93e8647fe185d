using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Npm
{
    /// <summary>One installed package of a package-lock.json or npm-shrinkwrap.json.</summary>
    internal sealed class NpmLockEntry
    {
        public NpmLockEntry(string name, string? version, string? resolved, string? integrity, bool isLink, int? line)
        {
            Name = name;
            Version = version;
            Resolved = resolved;
            Integrity = integrity;
            IsLink = isLink;
            Line = line;
        }

        public string Name { get; }
        public string? Version { get; }
        public string? Resolved { get; }
        public string? Integrity { get; }
        public bool IsLink { get; }
        public int? Line { get; }
    }

    /// <summary>
    /// package-lock.json: lockfileVersion 2 and 3 ("packages", keyed by install path) and 1 (the nested
    /// "dependencies" tree); read with System.Text.Json, bounded in entries and nesting.
    /// </summary>
    internal static class NpmLockFile
    {
        private const int MaxEntries = 1_000_000;
        private const string NodeModules = "node_modules/";

        public static bool IsLockFile(string name) =>
            string.Equals(name, "package-lock.json", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "npm-shrinkwrap.json", StringComparison.OrdinalIgnoreCase);

        public static List<NpmLockEntry> Read(DependencyFile file, CancellationToken cancellationToken)
        {
            DependencyText text = DependencyText.Read(file, cancellationToken);
            using JsonDocument document = text.ParseJson();
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw text.Invalid(1, "not an npm lock file (not a JSON object)");
            }

            var entries = new List<NpmLockEntry>();
            int from = 0;
            if (root.TryGetProperty("packages", out JsonElement packages) && packages.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty package in packages.EnumerateObject())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int? line = text.LineOfObjectKey(package.Name, ref from);
                    if (package.Name.Length == 0)
                    {
                        continue;
                    }

                    int installed = package.Name.LastIndexOf(NodeModules, StringComparison.Ordinal);
                    if (installed < 0)
                    {
                        continue; // A workspace folder, not an installed package.
                    }

                    Add(text, entries, package.Name.Substring(installed + NodeModules.Length), package.Value, line);
                }
            }
            else if (root.TryGetProperty("dependencies", out JsonElement dependencies) && dependencies.ValueKind == JsonValueKind.Object)
            {
                ReadTree(text, entries, dependencies, ref from, cancellationToken);
            }

            return entries;
        }

        /// <summary>lockfileVersion 1: { name: { version, resolved, integrity, dependencies: { ... } } }, depth bounded by the JSON reader.</summary>
        private static void ReadTree(DependencyText text, List<NpmLockEntry> entries, JsonElement dependencies, ref int from, CancellationToken cancellationToken)
        {
            foreach (JsonProperty package in dependencies.EnumerateObject())
            {
                cancellationToken.ThrowIfCancellationRequested();
                int? line = text.LineOfObjectKey(package.Name, ref from);
                Add(text, entries, package.Name, package.Value, line);
                if (package.Value.ValueKind == JsonValueKind.Object && package.Value.TryGetProperty("dependencies", out JsonElement nested) && nested.ValueKind == JsonValueKind.Object)
                {
                    ReadTree(text, entries, nested, ref from, cancellationToken);
                }
            }
        }

        private static void Add(DependencyText text, List<NpmLockEntry> entries, string name, JsonElement entry, int? line)
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw text.Invalid(line, $"entry '{name}' is not an object");
            }

            if (entries.Count >= MaxEntries)
            {
                throw text.Invalid(line, $"more than {MaxEntries} entries");
            }

            bool link = entry.TryGetProperty("link", out JsonElement linkValue) && linkValue.ValueKind == JsonValueKind.True;
            entries.Add(new NpmLockEntry(name, String(entry, "version"), String(entry, "resolved"), String(entry, "integrity"), link, line));
        }

        private static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
