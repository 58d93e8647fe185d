using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Npm
{
    /// <summary>One installed package of a package-lock.json or npm-shrinkwrap.json.</summary>
    internal sealed class NpmLockEntry
    {
        public NpmLockEntry(string name, string? version, string? resolved, string? integrity, bool isLink, int? line, string installPath, string? declaredName, string? license)
        {
            Name = name;
            InstallPath = installPath;
            DeclaredName = declaredName;
            License = license;
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

        /// <summary>Where npm installs it, relative to the project folder ("node_modules/a/node_modules/b").</summary>
        public string InstallPath { get; }

        /// <summary>The entry's own "name" (an aliased package's real name), when recorded.</summary>
        public string? DeclaredName { get; }

        public string? License { get; }
    }

    /// <summary>
    /// package-lock.json: lockfileVersion 2 and 3 ("packages", keyed by install path) and 1 (the nested
    /// "dependencies" tree); read with System.Text.Json, bounded in entries and nesting. The one reader of npm lock
    /// files: the dependency audits and the inventory (Inventory/NpmLockFileReader, also for node_modules/.package-lock.json).
    /// </summary>
    internal static class NpmLockFile
    {
        private const int MaxEntries = 1_000_000;
        private const string NodeModules = "node_modules/";

        public static bool IsLockFile(string name) =>
            string.Equals(name, "package-lock.json", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "npm-shrinkwrap.json", StringComparison.OrdinalIgnoreCase);

        public static List<NpmLockEntry> Read(DependencyFile file, CancellationToken cancellationToken) =>
            Read(DependencyText.Read(file, cancellationToken), cancellationToken);

        public static List<NpmLockEntry> Read(DependencyText text, CancellationToken cancellationToken)
        {
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

                    Add(text, entries, package.Name.Substring(installed + NodeModules.Length), package.Value, line, package.Name);
                }
            }
            else if (root.TryGetProperty("dependencies", out JsonElement dependencies) && dependencies.ValueKind == JsonValueKind.Object)
            {
                ReadTree(text, entries, dependencies, string.Empty, ref from, cancellationToken);
            }

            return entries;
        }

        /// <summary>lockfileVersion 1: { name: { version, resolved, integrity, dependencies: { ... } } }, depth bounded by the JSON reader.</summary>
        private static void ReadTree(DependencyText text, List<NpmLockEntry> entries, JsonElement dependencies, string parent, ref int from, CancellationToken cancellationToken)
        {
            foreach (JsonProperty package in dependencies.EnumerateObject())
            {
                cancellationToken.ThrowIfCancellationRequested();
                int? line = text.LineOfObjectKey(package.Name, ref from);
                string installPath = parent + NodeModules + package.Name;
                Add(text, entries, package.Name, package.Value, line, installPath);
                if (package.Value.ValueKind == JsonValueKind.Object && package.Value.TryGetProperty("dependencies", out JsonElement nested) && nested.ValueKind == JsonValueKind.Object)
                {
                    ReadTree(text, entries, nested, installPath + "/", ref from, cancellationToken);
                }
            }
        }

        private static void Add(DependencyText text, List<NpmLockEntry> entries, string name, JsonElement entry, int? line, string installPath)
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
            entries.Add(new NpmLockEntry(
                name, String(entry, "version"), String(entry, "resolved"), String(entry, "integrity"), link, line, installPath, String(entry, "name"), String(entry, "license")));
        }

        private static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
