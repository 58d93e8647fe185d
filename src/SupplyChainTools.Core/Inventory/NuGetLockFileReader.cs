using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// A NuGet packages.lock.json: the resolved version and content hash of every package, per target framework
    /// (each package reported once, the first framework's record); project references are not packages and are skipped.
    /// </summary>
    internal sealed class NuGetLockFileReader : IEvidenceReader
    {
        private const int MaximumPackages = 100_000;

        public bool Handles(EvidenceFile file) => string.Equals(file.Name, "packages.lock.json", StringComparison.OrdinalIgnoreCase);

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            var found = new List<InventoriedComponent>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            DateTime recorded = File.GetLastWriteTimeUtc(file.FullPath);
            using JsonDocument document = file.ReadJson(cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("dependencies", out JsonElement frameworks)
                || frameworks.ValueKind != JsonValueKind.Object)
            {
                throw new InventoryEvidenceException(file.FullPath, null, "it has no \"dependencies\" object, so it is not a NuGet lock file");
            }

            foreach (JsonProperty framework in frameworks.EnumerateObject())
            {
                if (framework.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (JsonProperty package in framework.Value.EnumerateObject())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string? type = JsonText.String(package.Value, "type");
                    string? version = JsonText.String(package.Value, "resolved");
                    if (string.Equals(type, "Project", StringComparison.OrdinalIgnoreCase) || version == null || !seen.Add(package.Name + "/" + version))
                    {
                        continue;
                    }

                    if (found.Count >= MaximumPackages)
                    {
                        throw new InventoryEvidenceException(file.FullPath, null, $"it lists more than {MaximumPackages:N0} packages");
                    }

                    (string? algorithm, string? hash) = JsonText.Sri(JsonText.String(package.Value, "contentHash"));
                    found.Add(new InventoriedComponent(new SoftwareComponent(
                        SoftwareEcosystem.NuGet, package.Name, version, PackageUrl.NuGet(package.Name, version), file.FullPath,
                        EvidenceKind.NuGetLockFile, false, null, file.Directory, recorded, algorithm, hash)));
                }
            }

            return found;
        }
    }
}
