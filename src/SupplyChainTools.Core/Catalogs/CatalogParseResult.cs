using System.Collections.Generic;

namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>The outcome of <see cref="CatalogFile.TryParse"/>: a catalog, or the problems that prevented one.</summary>
    public sealed class CatalogParseResult
    {
        /// <summary>FormatStatus of a catalog that could not be read.</summary>
        public const string Malformed = "Malformed";

        /// <summary>FormatStatus of a catalog followed by bytes that are not part of its SignedData.</summary>
        public const string UnexpectedData = "UnexpectedData";

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

        /// <summary>Null when well-formed; "Malformed" or "UnexpectedData" otherwise.</summary>
        public string? FormatStatus { get; }
    }
}
