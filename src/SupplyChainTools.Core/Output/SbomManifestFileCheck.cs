using System.Collections.Generic;
using System.Linq;

namespace SupplyChainTools
{
    /// <summary>Status values of <see cref="SbomManifestFileCheck"/>; strings, so they survive remoting.</summary>
    public static class SbomManifestFileStatus
    {
        /// <summary>The file is there and has the hash the manifest lists.</summary>
        public const string Match = "Match";

        /// <summary>The file's content differs from the manifest's hash.</summary>
        public const string Changed = "Changed";

        /// <summary>The manifest lists the file and it is not there.</summary>
        public const string Missing = "Missing";

        /// <summary>The file is there and the manifest does not list it.</summary>
        public const string Added = "Added";

        /// <summary>The file could not be read, or the manifest's entry for it cannot be used.</summary>
        public const string Unreadable = "Unreadable";
    }

    /// <summary>One file of an installed product against the SPDX manifest its vendor shipped (Test-SbomManifest).</summary>
    public sealed class SbomManifestFileCheck
    {
        public SbomManifestFileCheck(string path, string relativePath, string status, string? algorithm, string? expectedHash, string? actualHash, string? message)
        {
            Path = path;
            RelativePath = relativePath;
            Status = status;
            Algorithm = algorithm;
            ExpectedHash = expectedHash;
            ActualHash = actualHash;
            Message = message;
        }

        public string Path { get; }

        /// <summary>The path below the product folder, with '/' separators, as the manifest writes it (without "./").</summary>
        public string RelativePath { get; }

        /// <summary>A <see cref="SbomManifestFileStatus"/> value.</summary>
        public string Status { get; }

        /// <summary>SHA256, or SHA1 for a manifest entry that lists only SHA-1.</summary>
        public string? Algorithm { get; }

        /// <summary>Upper-case hex from the manifest.</summary>
        public string? ExpectedHash { get; }

        /// <summary>Upper-case hex of the file now.</summary>
        public string? ActualHash { get; }

        public string? Message { get; }

        public override string ToString() => Status + " " + RelativePath;
    }

    /// <summary>The whole check of Test-SbomManifest: the manifest's catalog verdict and every file's result.</summary>
    public sealed class SbomManifestSummary
    {
        public SbomManifestSummary(string folder, string manifestPath, string catalogPath, string manifestStatus, string manifestStatusMessage, string? manifestSigner, IReadOnlyList<SbomManifestFileCheck> files)
        {
            Folder = folder;
            ManifestPath = manifestPath;
            CatalogPath = catalogPath;
            ManifestStatus = manifestStatus;
            ManifestStatusMessage = manifestStatusMessage;
            ManifestSigner = manifestSigner;
            Files = files;
            MatchCount = files.Count(f => f.Status == SbomManifestFileStatus.Match);
            ChangedCount = files.Count(f => f.Status == SbomManifestFileStatus.Changed);
            MissingCount = files.Count(f => f.Status == SbomManifestFileStatus.Missing);
            AddedCount = files.Count(f => f.Status == SbomManifestFileStatus.Added);
            UnreadableCount = files.Count(f => f.Status == SbomManifestFileStatus.Unreadable);
        }

        /// <summary>The installed product's folder.</summary>
        public string Folder { get; }

        public string ManifestPath { get; }

        /// <summary>The catalog that signs the manifest (manifest.cat beside it).</summary>
        public string CatalogPath { get; }

        /// <summary>Whether the signed catalog vouches for the manifest: an AuthenticodeStatus value (Valid, NotSigned when there is no catalog, HashMismatch when the catalog does not list the manifest's hash...).</summary>
        public string ManifestStatus { get; }

        public string ManifestStatusMessage { get; }

        /// <summary>The catalog signer's subject, when signed.</summary>
        public string? ManifestSigner { get; }

        public IReadOnlyList<SbomManifestFileCheck> Files { get; }

        public int MatchCount { get; }

        public int ChangedCount { get; }

        public int MissingCount { get; }

        public int AddedCount { get; }

        public int UnreadableCount { get; }

        /// <summary>True when the manifest's catalog is valid, every listed file matches and none was added.</summary>
        public bool IsValid => ManifestStatus == Core.Authenticode.AuthenticodeStatus.Valid && Files.Count > 0 && MatchCount == Files.Count;

        public override string ToString() => ManifestPath + ": " + (IsValid ? "Valid" : "Invalid") + " (" + MatchCount + " match, " + ChangedCount + " changed, " + MissingCount + " missing, " + AddedCount + " added)";
    }
}
