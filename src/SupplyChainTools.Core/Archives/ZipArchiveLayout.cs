using System.Collections.Generic;

namespace SupplyChainTools.Core.Archives
{
    /// <summary>The structure of a zip archive: its entries in central-directory order and where each record lies.</summary>
    internal sealed class ZipArchiveLayout
    {
        public IReadOnlyList<ZipEntryRecord> Entries { get; internal set; } = new List<ZipEntryRecord>();

        public long FileLength { get; internal set; }

        public long CentralDirectoryOffset { get; internal set; }

        public long CentralDirectorySize { get; internal set; }

        /// <summary>Offset of the end-of-central-directory record and its length (22 + comment).</summary>
        public long EndOfCentralDirectoryOffset { get; internal set; }

        public int EndOfCentralDirectoryLength { get; internal set; }

        /// <summary>The raw EOCD record, comment included.</summary>
        public byte[] EndOfCentralDirectory { get; internal set; } = new byte[0];

        /// <summary>The ZIP64 end-of-central-directory record (raw, with its extensible data) when present; null otherwise.</summary>
        public byte[]? Zip64EndOfCentralDirectory { get; internal set; }

        public long Zip64EndOfCentralDirectoryOffset { get; internal set; } = -1;

        /// <summary>The raw ZIP64 locator (20 bytes) when present.</summary>
        public byte[]? Zip64Locator { get; internal set; }

        public bool IsZip64 => Zip64EndOfCentralDirectory != null;

        public ZipEntryRecord? Find(string name)
        {
            foreach (ZipEntryRecord entry in Entries)
            {
                if (entry.Name == name)
                {
                    return entry;
                }
            }

            return null;
        }
    }
}
