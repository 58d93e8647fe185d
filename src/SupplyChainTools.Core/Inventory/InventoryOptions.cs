namespace SupplyChainTools.Core.Inventory
{
    /// <summary>What Get-SoftwareInventory was asked to do beyond reading package evidence.</summary>
    public sealed class InventoryOptions
    {
        /// <summary>Check each file against the hash its package manager recorded (Python RECORD, dpkg md5sums, apk Z:).</summary>
        public bool VerifyFiles { get; set; }

        /// <summary>Also record every PE file's version resource, as weak evidence (off by default: it reads every .dll and .exe).</summary>
        public bool IncludePeVersion { get; set; }

        /// <summary>Descend into symbolic links to directories.</summary>
        public bool FollowDirectoryLinks { get; set; }

        /// <summary>Threads used to hash files for <see cref="VerifyFiles"/>.</summary>
        public int DegreeOfParallelism { get; set; } = System.Environment.ProcessorCount;
    }
}
