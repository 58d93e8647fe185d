using System;

namespace SupplyChainTools
{
    /// <summary>What New-SoftwareBaseline (or Update-SoftwareBaseline) wrote.</summary>
    public sealed class BaselineSummary
    {
        internal BaselineSummary(string path)
        {
            Path = path;
        }

        public string Path { get; }
        public string? SignaturePath { get; internal set; }
        public int SchemaVersion { get; internal set; }
        /// <summary>The signer identity rule the baseline records (Publisher or Certificate).</summary>
        public string SignerIdentity { get; internal set; } = Core.Baselines.SignerIdentityRule.Publisher;
        public string[] Roots { get; internal set; } = Array.Empty<string>();
        public string[] Algorithms { get; internal set; } = Array.Empty<string>();
        public long Entries { get; internal set; }
        public long Files { get; internal set; }
        public long Directories { get; internal set; }
        public long SymbolicLinks { get; internal set; }
        public long OtherEntries { get; internal set; }
        /// <summary>Entries recorded with an error (unreadable, changed while read, undecodable name).</summary>
        public long Errors { get; internal set; }
        public long BytesHashed { get; internal set; }
        /// <summary>Signable files (PE files, scripts, catalogs) whose signature is Valid.</summary>
        public long SignedValid { get; internal set; }
        /// <summary>Signable files with no signature.</summary>
        public long Unsigned { get; internal set; }
        /// <summary>Signable files whose signature is present but not Valid (any other status).</summary>
        public long SignedNotValid { get; internal set; }
        /// <summary>Every signature status met, as "Status=count", most frequent first.</summary>
        public string[] SignatureStatuses { get; internal set; } = Array.Empty<string>();
        /// <summary>SHA-256 of the whole baseline file.</summary>
        public string Digest { get; internal set; } = string.Empty;
        public bool Signed { get; internal set; }
        public string? SignerThumbprint { get; internal set; }
        public string? SignerSubject { get; internal set; }
        public TimeSpan Elapsed { get; internal set; }

        public override string ToString() => Path;
    }
}
