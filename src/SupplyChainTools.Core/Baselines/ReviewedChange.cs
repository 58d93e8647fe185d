namespace SupplyChainTools.Core.Baselines
{
    /// <summary>A change as a reviewer handed it back: what identifies it, read from whatever object carried it.</summary>
    public sealed class ReviewedChange
    {
        public ReviewedChange(object source, string? relativePath, int? tree, string? baselineDigest, string? oldPath)
        {
            Source = source;
            RelativePath = relativePath;
            Tree = tree;
            BaselineDigest = baselineDigest;
            OldPath = oldPath;
        }

        /// <summary>The object given (the target of an error about it).</summary>
        public object Source { get; }
        public string? RelativePath { get; }
        public int? Tree { get; }
        public string? BaselineDigest { get; }
        /// <summary>Where a moved entry was.</summary>
        public string? OldPath { get; }
    }
}
