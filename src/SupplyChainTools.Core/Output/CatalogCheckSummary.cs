using System.Collections.Generic;
using System.Linq;
using SupplyChainTools.Core.Catalogs;

namespace SupplyChainTools
{
    /// <summary>The outcome of checking a folder against a catalog: the catalog's own verdict and every file's.</summary>
    public sealed class CatalogCheckSummary
    {
        internal CatalogCheckSummary(string folderPath, AuthenticodeSignature catalogSignature, IReadOnlyList<CatalogFileCheck> files, int membersWithoutPath)
        {
            FolderPath = folderPath;
            CatalogPath = catalogSignature.Path;
            CatalogStatus = catalogSignature.Status;
            CatalogStatusMessage = catalogSignature.StatusMessage;
            CatalogSigner = catalogSignature.SignerSubject;
            CatalogSignature = catalogSignature;
            Files = files;
            MembersWithoutPath = membersWithoutPath;
            ValidCount = Count(files, CatalogFileStatus.Valid);
            HashMismatchCount = Count(files, CatalogFileStatus.HashMismatch);
            MissingCount = Count(files, CatalogFileStatus.Missing);
            NotInCatalogCount = Count(files, CatalogFileStatus.NotInCatalog);
            UnreadableCount = Count(files, CatalogFileStatus.Unreadable);
        }

        public string FolderPath { get; }

        public string CatalogPath { get; }

        /// <summary>The Authenticode status of the catalog's own signature (Valid, NotSigned, Revoked, ...).</summary>
        public string CatalogStatus { get; }

        public string CatalogStatusMessage { get; }

        /// <summary>Subject of the catalog's signer, or null when it is not signed.</summary>
        public string? CatalogSigner { get; }

        public AuthenticodeSignature CatalogSignature { get; }

        /// <summary>True when the catalog's signature is valid and every file is Valid: nothing changed, missing, added or unreadable.</summary>
        public bool IsValid => CatalogStatus == Core.Authenticode.AuthenticodeStatus.Valid && Files.All(file => file.IsValid);

        /// <summary>Every file on disk and every catalog entry absent from it, in relative-path order.</summary>
        public IReadOnlyList<CatalogFileCheck> Files { get; }

        public int ValidCount { get; }

        public int HashMismatchCount { get; }

        public int MissingCount { get; }

        public int NotInCatalogCount { get; }

        public int UnreadableCount { get; }

        /// <summary>Catalog members that record no file path ("File"/"FilePath" name value): matched by hash only, never reported Missing.</summary>
        public int MembersWithoutPath { get; }

        public override string ToString() => CatalogPath + ": " + (IsValid ? "Valid" : "Invalid") + " (" + ValidCount + " valid, " + HashMismatchCount + " changed, " + MissingCount + " missing, " + NotInCatalogCount + " not in catalog)";

        private static int Count(IReadOnlyList<CatalogFileCheck> files, string status) => files.Count(file => file.Status == status);
    }
}
