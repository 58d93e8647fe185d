using System.Collections.Generic;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>The outcome of <see cref="CatalogFile.TryParse"/>: a catalog, or the problems that prevented one.</summary>
    public sealed class CatalogParseResult
    {
        internal CatalogParseResult(CatalogFile? catalog, IReadOnlyList<string> problems, string? formatStatus)
        {
            Catalog = catalog;
            Problems = problems;
            FormatStatus = formatStatus;
        }

        /// <summary>The parsed catalog; null when it is Malformed.</summary>
        public CatalogFile? Catalog { get; }

        public bool Success => Catalog is not null;

        public IReadOnlyList<string> Problems { get; }

        /// <summary>
        /// Null when well-formed; otherwise <see cref="AuthenticodeStatus.Malformed"/> (the catalog cannot be read) or
        /// <see cref="AuthenticodeStatus.UnexpectedData"/> (bytes follow its SignedData).
        /// </summary>
        public string? FormatStatus { get; }
    }
}
