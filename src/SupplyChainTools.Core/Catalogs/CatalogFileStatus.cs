using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>The values of <see cref="CatalogFileCheck.Status"/>: one file of a folder checked against a catalog.</summary>
    public static class CatalogFileStatus
    {
        /// <summary>Listed in the catalog and the file on disk has the listed hash.</summary>
        public const string Valid = AuthenticodeStatus.Valid;

        /// <summary>Listed in the catalog, but the file on disk has another hash (it changed since the catalog was signed).</summary>
        public const string HashMismatch = AuthenticodeStatus.HashMismatch;

        /// <summary>Listed in the catalog, absent on disk.</summary>
        public const string Missing = "Missing";

        /// <summary>On disk, not listed in the catalog (added since the catalog was signed).</summary>
        public const string NotInCatalog = "NotInCatalog";

        /// <summary>On disk, but it could not be read (access denied, a dangling link).</summary>
        public const string Unreadable = "Unreadable";
    }
}
