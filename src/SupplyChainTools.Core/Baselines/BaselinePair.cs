namespace SupplyChainTools.Core.Baselines
{
    /// <summary>The same place in the reference and in the current tree (either may be missing).</summary>
    public sealed class BaselinePair
    {
        public BaselinePair(BaselineEntry? reference, BaselineEntry? current, string? currentRoot)
        {
            Reference = reference;
            Current = current;
            CurrentRoot = currentRoot;
        }

        public BaselineEntry? Reference { get; }
        public BaselineEntry? Current { get; internal set; }
        /// <summary>The root folder the current entry was found under (live scans only).</summary>
        public string? CurrentRoot { get; }
        /// <summary>A file listed by the walk that was gone when it was read: a sentence for a warning.</summary>
        public string? Vanished { get; internal set; }
        /// <summary>Bytes read to hash the current entry (0 when reused or not a file).</summary>
        public long BytesRead { get; internal set; }
        /// <summary>True when the quick check reused the reference's content facts.</summary>
        public bool Reused { get; internal set; }
    }
}
