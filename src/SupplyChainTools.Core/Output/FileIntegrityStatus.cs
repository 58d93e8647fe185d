namespace SupplyChainTools
{
    /// <summary>Status values of <see cref="FileIntegrityCheck"/>: strings, so they survive remoting and compare with -eq.</summary>
    public static class FileIntegrityStatus
    {
        public const string Match = "Match";
        public const string Mismatch = "Mismatch";
        public const string Missing = "Missing";
        public const string Unreadable = "Unreadable";
        public const string UnsupportedAlgorithm = "UnsupportedAlgorithm";
    }
}
