namespace SupplyChainTools.Core.Packages
{
    /// <summary>The values of <see cref="PackageSignature.SignatureType"/>, from the commitment-type-indication attribute.</summary>
    public static class PackageSignatureTypes
    {
        public const string Author = "Author";
        public const string Repository = "Repository";
        public const string Unknown = "Unknown";
        public const string None = "None";
    }
}
