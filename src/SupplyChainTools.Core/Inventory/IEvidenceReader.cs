using System.Collections.Generic;
using System.Threading;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// One kind of package evidence (a deps.json, a dpkg status...): which files it reads, and the components they
    /// record. A reader throws <see cref="InventoryEvidenceException"/> (or an IOException) for a file it cannot use;
    /// the inventory reports it and goes on.
    /// </summary>
    internal interface IEvidenceReader
    {
        /// <summary>Decides from the path alone (the walk offers every file whose name might be evidence).</summary>
        bool Handles(EvidenceFile file);

        IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken);
    }

    /// <summary>A component as a reader found it, with the files its package manager recorded hashes for (for -VerifyFiles).</summary>
    internal sealed class InventoriedComponent
    {
        public InventoriedComponent(SoftwareComponent component, RecordedFileList? recordedFiles = null, string? mainFile = null)
        {
            Component = component;
            RecordedFiles = recordedFiles;
            MainFile = mainFile;
        }

        public SoftwareComponent Component { get; }

        public RecordedFileList? RecordedFiles { get; }

        /// <summary>The file whose signature stands for the component (a module manifest, a PE file), for -Signature.</summary>
        public string? MainFile { get; }
    }
}
