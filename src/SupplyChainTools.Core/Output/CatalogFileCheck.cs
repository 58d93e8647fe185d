using SupplyChainTools.Core.Catalogs;

namespace SupplyChainTools
{
    /// <summary>
    /// The verdict on one file of a folder checked against a catalog (what Test-FileCatalog reports per file).
    /// Flat, string-typed values so that it survives PowerShell remoting unchanged.
    /// </summary>
    public sealed class CatalogFileCheck
    {
        internal CatalogFileCheck(string path, string relativePath, string status, string? algorithm, string? expected, string? actual, string message)
        {
            Path = path;
            RelativePath = relativePath;
            Status = status;
            Algorithm = algorithm;
            Expected = expected;
            Actual = actual;
            Message = message;
        }

        /// <summary>Full path of the file (for a Missing file, where it would be).</summary>
        public string Path { get; }

        /// <summary>Path relative to the checked folder, with the platform's separator.</summary>
        public string RelativePath { get; }

        /// <summary>A <see cref="CatalogFileStatus"/> value: "Valid", "HashMismatch", "Missing", "NotInCatalog" or "Unreadable".</summary>
        public string Status { get; }

        public bool IsValid => Status == CatalogFileStatus.Valid;

        /// <summary>The hash algorithm of Expected and Actual (SHA256, SHA1), or null when nothing was hashed.</summary>
        public string? Algorithm { get; }

        /// <summary>The hash the catalog lists (upper-case hex), or null when the file is not listed.</summary>
        public string? Expected { get; }

        /// <summary>The file's hash computed the catalog way (upper-case hex), or null when the file is missing or unreadable.</summary>
        public string? Actual { get; }

        /// <summary>One sentence saying what was found.</summary>
        public string Message { get; }

        public override string ToString() => RelativePath + ": " + Status;
    }
}
