using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Dependencies.NuGet;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// A NuGet packages.lock.json, read by the dependency audit's <see cref="NuGetLockFile"/> (the one NuGet lock
    /// parser): the resolved version and content hash of every package, per target framework (each package reported
    /// once, the first framework's record); project references are not packages and are skipped.
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
            foreach (NuGetLockEntry entry in file.ReadWithDependencyParser(text => NuGetLockFile.Read(text, cancellationToken), "a NuGet lock file", cancellationToken))
            {
                if (!entry.IsPackage || entry.Resolved == null || !seen.Add(entry.Id + "/" + entry.Resolved))
                {
                    continue;
                }

                if (found.Count >= MaximumPackages)
                {
                    throw new InventoryEvidenceException(file.FullPath, entry.Line, $"it lists more than {MaximumPackages:N0} packages");
                }

                (string? algorithm, string? hash) = JsonText.Sri(entry.ContentHash);
                found.Add(new InventoriedComponent(new SoftwareComponent(
                    SoftwareEcosystem.NuGet, entry.Id, entry.Resolved, PackageUrl.NuGet(entry.Id, entry.Resolved), file.FullPath,
                    EvidenceKind.NuGetLockFile, false, null, file.Directory, recorded, algorithm, hash)));
            }

            return found;
        }
    }
}
