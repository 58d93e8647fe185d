using System;

namespace SupplyChainTools
{
    /// <summary>A repository countersignature on an author-signed NuGet package (PackageSignature.RepositoryCountersignature).</summary>
    public sealed class PackageCountersignature
    {
        internal PackageCountersignature()
        {
        }

        public string Status { get; internal set; } = Core.Authenticode.AuthenticodeStatus.Malformed;

        public string StatusMessage { get; internal set; } = string.Empty;

        public bool IsValid => Status == Core.Authenticode.AuthenticodeStatus.Valid;

        public string? ServiceIndex { get; internal set; }

        public string[] Owners { get; internal set; } = Array.Empty<string>();

        public string? SignerSubject { get; internal set; }

        public string? SignerThumbprint { get; internal set; }

        public string? SignerFingerprint { get; internal set; }

        public string? RootSubject { get; internal set; }

        public DateTime? TimestampUtc { get; internal set; }

        public string? TimestampSigner { get; internal set; }

        public string[] Problems { get; internal set; } = Array.Empty<string>();

        public override string ToString() => (SignerSubject ?? "repository") + ": " + Status;
    }
}
