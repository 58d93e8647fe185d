using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// npm's package-lock.json (and the hidden node_modules/.package-lock.json): lockfile versions 2 and 3 list
    /// "packages" by install path, version 1 nests "dependencies". Each entry gives version, resolved URL (the
    /// source) and integrity (the tarball's hash). Linked workspace packages are not installed copies and are skipped.
    /// </summary>
    internal sealed class NpmLockFileReader : IEvidenceReader
    {
        private const int MaximumPackages = 200_000;
        private const int MaximumNesting = 32;

        public bool Handles(EvidenceFile file) =>
            string.Equals(file.Name, "package-lock.json", StringComparison.Ordinal) || string.Equals(file.Name, ".package-lock.json", StringComparison.Ordinal);

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            var found = new List<InventoriedComponent>();
            DateTime recorded = File.GetLastWriteTimeUtc(file.FullPath);
            string projectFolder = file.Name[0] == '.' ? Path.GetDirectoryName(file.Directory) ?? file.Directory : file.Directory;
            using JsonDocument document = file.ReadJson(cancellationToken);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InventoryEvidenceException(file.FullPath, null, "it is not a JSON object, so it is not an npm lock file");
            }

            if (root.TryGetProperty("packages", out JsonElement packages) && packages.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty package in packages.EnumerateObject())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int last = package.Name.LastIndexOf("node_modules/", StringComparison.Ordinal);
                    if (last < 0 || package.Value.ValueKind != JsonValueKind.Object || package.Value.TryGetProperty("link", out _))
                    {
                        continue; // "" is the project itself
                    }

                    string name = JsonText.String(package.Value, "name") ?? package.Name.Substring(last + "node_modules/".Length);
                    Add(found, file, name, package.Value, Path.Combine(projectFolder, package.Name), recorded);
                }
            }
            else if (root.TryGetProperty("dependencies", out JsonElement dependencies))
            {
                AddNested(found, file, dependencies, projectFolder, recorded, 0, cancellationToken);
            }
            else
            {
                throw new InventoryEvidenceException(file.FullPath, null, "it has neither \"packages\" nor \"dependencies\", so it is not an npm lock file");
            }

            return found;
        }

        private static void AddNested(List<InventoriedComponent> found, EvidenceFile file, JsonElement dependencies, string folder, DateTime recorded, int depth, CancellationToken cancellationToken)
        {
            if (dependencies.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (depth > MaximumNesting)
            {
                throw new InventoryEvidenceException(file.FullPath, null, $"its dependencies nest more than {MaximumNesting} levels deep");
            }

            foreach (JsonProperty dependency in dependencies.EnumerateObject())
            {
                cancellationToken.ThrowIfCancellationRequested();
                string location = Path.Combine(folder, "node_modules", dependency.Name);
                Add(found, file, dependency.Name, dependency.Value, location, recorded);
                if (dependency.Value.ValueKind == JsonValueKind.Object && dependency.Value.TryGetProperty("dependencies", out JsonElement nested))
                {
                    AddNested(found, file, nested, location, recorded, depth + 1, cancellationToken);
                }
            }
        }

        private static void Add(List<InventoriedComponent> found, EvidenceFile file, string name, JsonElement entry, string location, DateTime recorded)
        {
            string? version = JsonText.String(entry, "version");
            if (version == null)
            {
                return;
            }

            if (found.Count >= MaximumPackages)
            {
                throw new InventoryEvidenceException(file.FullPath, null, $"it lists more than {MaximumPackages:N0} packages");
            }

            (string? algorithm, string? hash) = JsonText.Sri(JsonText.String(entry, "integrity"));
            found.Add(new InventoriedComponent(new SoftwareComponent(
                SoftwareEcosystem.Npm, name, version, PackageUrl.Npm(name, version), file.FullPath, EvidenceKind.NpmLockFile, false,
                JsonText.String(entry, "resolved"), location, recorded, algorithm, hash, JsonText.String(entry, "license"))));
        }
    }
}
