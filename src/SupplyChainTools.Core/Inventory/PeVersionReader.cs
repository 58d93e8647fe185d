using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// A PE file's version resource, only as weak evidence (WeakEvidence = true) and only when asked
    /// (-IncludePeVersion): the ProductVersion string, else the fixed file version. It is what the publisher typed,
    /// not a package manager's record, and for .NET assemblies it is neither the assembly version nor the package
    /// version (System.Private.CoreLib of runtime 10.0.12 says 10.0.1226.42308), so a package record always wins
    /// and matching on it can only suggest, never decide. Files without a version resource give no record.
    /// </summary>
    internal sealed class PeVersionReader : IEvidenceReader
    {
        public bool Handles(EvidenceFile file) =>
            file.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || file.Name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase);

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            BaselineVersion? version;
            try
            {
                using Stream stream = InputFileOpener.Open(file.FullPath, InputKind.InventoryEvidence, cancellationToken);
                version = PeVersionInfo.TryRead(stream);
            }
            catch (InputFileTooLargeException)
            {
                return Array.Empty<InventoriedComponent>(); // weak evidence is optional: a file above 64 MB is not read for it
            }

            string? number = version == null ? null : Trimmed(version.ProductVersion) ?? Trimmed(version.FileVersionNumber) ?? Trimmed(version.FileVersion);
            if (number == null)
            {
                return Array.Empty<InventoriedComponent>();
            }

            string name = Trimmed(version!.ProductName) ?? Path.GetFileNameWithoutExtension(file.Name);
            var component = new SoftwareComponent(
                SoftwareEcosystem.Generic, name, number, PackageUrl.Generic(name, number), file.FullPath, EvidenceKind.PeVersionResource, true,
                null, file.FullPath, File.GetLastWriteTimeUtc(file.FullPath));
            return new[] { new InventoriedComponent(component, mainFile: file.FullPath) };
        }

        private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }
}
