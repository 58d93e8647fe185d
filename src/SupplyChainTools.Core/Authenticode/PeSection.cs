namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>Where one section's raw data lies in the file.</summary>
    internal readonly struct PeSection
    {
        public PeSection(long rawOffset, long rawSize)
        {
            RawOffset = rawOffset;
            RawSize = rawSize;
        }

        public long RawOffset { get; }

        public long RawSize { get; }
    }
}
