using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Dependencies.Npm;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// npm's package-lock.json (and the hidden node_modules/.package-lock.json), read by the dependency audit's
    /// <see cref="NpmLockFile"/> (the one npm lock parser: versions 2 and 3 list "packages" by install path, version 1
    /// nests "dependencies"). Each entry gives version, resolved URL (the source) and integrity (the tarball's hash).
    /// Linked workspace packages are not installed copies and are skipped.
    /// </summary>
    internal sealed class NpmLockFileReader : IEvidenceReader
    {
        private const int MaximumPackages = 200_000;

        public bool Handles(EvidenceFile file) =>
            string.Equals(file.Name, "package-lock.json", StringComparison.Ordinal) || string.Equals(file.Name, ".package-lock.json", StringComparison.Ordinal);

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            DateTime recorded = File.GetLastWriteTimeUtc(file.FullPath);
            string projectFolder = file.Name[0] == '.' ? Path.GetDirectoryName(file.Directory) ?? file.Directory : file.Directory;
            var found = new List<InventoriedComponent>();
            foreach (NpmLockEntry entry in file.ReadWithDependencyParser(text => NpmLockFile.Read(text, cancellationToken), "an npm lock file", cancellationToken))
            {
                if (entry.IsLink || entry.Version == null)
                {
                    continue;
                }

                if (found.Count >= MaximumPackages)
                {
                    throw new InventoryEvidenceException(file.FullPath, entry.Line, $"it lists more than {MaximumPackages:N0} packages");
                }

                string name = entry.DeclaredName ?? entry.Name;
                (string? algorithm, string? hash) = JsonText.Sri(entry.Integrity);
                found.Add(new InventoriedComponent(new SoftwareComponent(
                    SoftwareEcosystem.Npm, name, entry.Version, PackageUrl.Npm(name, entry.Version), file.FullPath, EvidenceKind.NpmLockFile, false,
                    entry.Resolved, Path.Combine(projectFolder, entry.InstallPath), recorded, algorithm, hash, entry.License)));
            }

            return found;
        }
    }
}
