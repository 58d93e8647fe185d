using System;

namespace SupplyChainTools
{
    /// <summary>
    /// The verdict on one NuGet package's signature (output of Test-PackageSignature). Status uses the module's
    /// signature vocabulary (Valid, NotSigned, HashMismatch, NotTrusted...); NuGetCode is the NuGet error code
    /// (NU3004, NU3005, NU3008, NU3018...) of the most serious problem, to search NuGet's documentation with.
    /// </summary>
    public sealed class PackageSignature
    {
        internal PackageSignature(string path)
        {
            Path = path;
        }

        public string Path { get; }

        /// <summary>The package id and version from its .nuspec (null when it cannot be read).</summary>
        public string? PackageId { get; internal set; }

        public string? Version { get; internal set; }

        public string Status { get; internal set; } = Core.Authenticode.AuthenticodeStatus.Malformed;

        public string StatusMessage { get; internal set; } = string.Empty;

        public bool IsValid => Status == Core.Authenticode.AuthenticodeStatus.Valid;

        /// <summary>The NuGet code of the deciding problem; null when the package is valid.</summary>
        public string? NuGetCode { get; internal set; }

        /// <summary>Author, Repository, Unknown (no commitment type), or None (not signed).</summary>
        public string SignatureType { get; internal set; } = Core.Packages.PackageSignatureTypes.None;

        /// <summary>The algorithm of the signed content hash (the archive without its signature entry).</summary>
        public string? ContentHashAlgorithm { get; internal set; }

        public string? SignerSubject { get; internal set; }

        public string? SignerThumbprint { get; internal set; }

        /// <summary>The SHA-256 fingerprint of the signer certificate, as nuget.config trustedSigners lists it.</summary>
        public string? SignerFingerprint { get; internal set; }

        public DateTime? SignerNotAfter { get; internal set; }

        public string? RootSubject { get; internal set; }

        public string[] Chain { get; internal set; } = Array.Empty<string>();

        public DateTime? TimestampUtc { get; internal set; }

        public string? TimestampSigner { get; internal set; }

        /// <summary>For a repository primary signature: the repository's service index and the package owners it signed.</summary>
        public string? ServiceIndex { get; internal set; }

        public string[] Owners { get; internal set; } = Array.Empty<string>();

        /// <summary>The repository countersignature of an author-signed package; null when there is none.</summary>
        public PackageCountersignature? RepositoryCountersignature { get; internal set; }

        public string[] Problems { get; internal set; } = Array.Empty<string>();

        public override string ToString() => Path + ": " + Status;
    }
}
