using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.NuGet
{
    /// <summary>One package of a packages.lock.json target (net8.0, net8.0/win-x64).</summary>
    internal sealed class NuGetLockEntry
    {
        public NuGetLockEntry(string target, string id, string type, string? requested, string? resolved, string? contentHash, int? line)
        {
            Target = target;
            Id = id;
            Type = type;
            Requested = requested;
            Resolved = resolved;
            ContentHash = contentHash;
            Line = line;
        }

        public string Target { get; }
        public string Id { get; }

        /// <summary>Direct, Transitive, Project, CentralTransitive.</summary>
        public string Type { get; }
        public string? Requested { get; }
        public string? Resolved { get; }

        /// <summary>Base64 SHA-512 of the .nupkg.</summary>
        public string? ContentHash { get; }
        public int? Line { get; }

        public bool IsDirect => string.Equals(Type, "Direct", StringComparison.OrdinalIgnoreCase);

        public bool IsPackage => !string.Equals(Type, "Project", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// packages.lock.json (versions 1 and 2), read with System.Text.Json; bounded in targets and entries. The one
    /// reader of NuGet lock files: the dependency audits and the inventory (Inventory/NuGetLockFileReader).
    /// </summary>
    internal static class NuGetLockFile
    {
        private const int MaxEntries = 500_000;

        public static List<NuGetLockEntry> Read(DependencyFile file, CancellationToken cancellationToken) =>
            Read(DependencyText.Read(file, cancellationToken), cancellationToken);

        public static List<NuGetLockEntry> Read(DependencyText text, CancellationToken cancellationToken)
        {
            using JsonDocument document = text.ParseJson();
            var entries = new List<NuGetLockEntry>();
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("dependencies", out JsonElement targets) || targets.ValueKind != JsonValueKind.Object)
            {
                throw text.Invalid(1, "not a NuGet lock file (no \"dependencies\" object)");
            }

            int from = 0;
            foreach (JsonProperty target in targets.EnumerateObject())
            {
                text.LineOfObjectKey(target.Name, ref from);
                if (target.Value.ValueKind != JsonValueKind.Object)
                {
                    throw text.Invalid(text.LineAt(from), $"target '{target.Name}' is not an object");
                }

                foreach (JsonProperty package in target.Value.EnumerateObject())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int? line = text.LineOfObjectKey(package.Name, ref from);
                    if (package.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw text.Invalid(line, $"package '{package.Name}' is not an object");
                    }

                    if (entries.Count >= MaxEntries)
                    {
                        throw text.Invalid(line, $"more than {MaxEntries} packages");
                    }

                    entries.Add(new NuGetLockEntry(
                        target.Name, package.Name, String(package.Value, "type") ?? string.Empty, String(package.Value, "requested"),
                        String(package.Value, "resolved"), String(package.Value, "contentHash"), line));
                }
            }

            return entries;
        }

        private static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
