using System;

namespace SupplyChainTools
{
    /// <summary>Compare-SoftwareBaseline -Summary: counts per change kind, the exit-code bitmask and what was compared.</summary>
    public sealed class BaselineComparisonSummary
    {
        internal BaselineComparisonSummary(string referenceBaseline)
        {
            ReferenceBaseline = referenceBaseline;
        }

        public string ReferenceBaseline { get; }
        /// <summary>SHA-256 of the reference baseline file (null when it could not be read at all).</summary>
        public string? BaselineDigest { get; internal set; }
        public bool BaselineTrusted { get; internal set; }
        /// <summary>Why the baseline was refused (the terminating error's message), when it was.</summary>
        public string? BaselineProblem { get; internal set; }
        public string? BaselineSignerThumbprint { get; internal set; }
        /// <summary>The live folders or the difference baseline compared against the reference.</summary>
        public string[] ComparedWith { get; internal set; } = Array.Empty<string>();
        public string? DifferenceDigest { get; internal set; }
        public bool Quick { get; internal set; }
        /// <summary>The rule that decided who is the same signer: Publisher or Certificate.</summary>
        public string? SignerIdentity { get; internal set; }
        public long EntriesCompared { get; internal set; }
        public long HashesReused { get; internal set; }
        public long BytesHashed { get; internal set; }
        public int TotalChanges { get; internal set; }
        public int Critical { get; internal set; }
        public int High { get; internal set; }
        public int Info { get; internal set; }
        public int SignatureRemoved { get; internal set; }
        public int SignatureBroken { get; internal set; }
        public int SignerChanged { get; internal set; }
        public int UnsignedAdded { get; internal set; }
        public int ContentChanged { get; internal set; }
        public int Added { get; internal set; }
        public int Removed { get; internal set; }
        public int TypeChanged { get; internal set; }
        public int BecameExecutable { get; internal set; }
        public int UpdatedSameSigner { get; internal set; }
        public int Downgraded { get; internal set; }
        public int Moved { get; internal set; }
        public int PermissionsChanged { get; internal set; }
        public int OwnerChanged { get; internal set; }
        public int MetadataChanged { get; internal set; }
        public int Unreadable { get; internal set; }
        /// <summary>Every change found, in the order they were reported (empty when the baseline was refused).</summary>
        public BaselineChange[] Changes { get; internal set; } = Array.Empty<BaselineChange>();

        /// <summary>1 added, 2 removed, 4 changed, 8 a Critical finding, 16 the baseline could not be trusted; 0 when nothing drifted.</summary>
        public int ExitCode { get; internal set; }
        public TimeSpan Elapsed { get; internal set; }

        public override string ToString() => "ExitCode " + ExitCode;
    }
}
