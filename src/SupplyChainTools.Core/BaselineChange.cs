using System;

namespace SupplyChainTools
{
    /// <summary>One finding of Compare-SoftwareBaseline: what changed at a path, how bad it is, and the old and new facts.</summary>
    public sealed class BaselineChange
    {
        internal BaselineChange(string path, string relativePath, int tree, string change, string severity, string detail, string baselineDigest)
        {
            Path = path;
            RelativePath = relativePath;
            Tree = tree;
            Change = change;
            Severity = severity;
            Detail = detail;
            BaselineDigest = baselineDigest;
        }

        /// <summary>Full path in the compared tree (for Removed: where it was).</summary>
        public string Path { get; }
        /// <summary>Path relative to its root, '/'-separated, as in the baseline file.</summary>
        public string RelativePath { get; }
        /// <summary>Index of the root (the baseline header's roots) the path belongs to.</summary>
        public int Tree { get; }
        /// <summary>For Moved: the relative path it had in the reference.</summary>
        public string? OldPath { get; internal set; }
        public string Change { get; }
        public string Severity { get; }
        public string? OldType { get; internal set; }
        public string? NewType { get; internal set; }
        public string? HashAlgorithm { get; internal set; }
        public string? OldHash { get; internal set; }
        public string? NewHash { get; internal set; }
        public long? OldSize { get; internal set; }
        public long? NewSize { get; internal set; }
        public string? OldMode { get; internal set; }
        public string? NewMode { get; internal set; }
        public string? OldOwner { get; internal set; }
        public string? NewOwner { get; internal set; }
        public string? OldSignatureStatus { get; internal set; }
        public string? NewSignatureStatus { get; internal set; }
        public string? OldSigner { get; internal set; }
        public string? NewSigner { get; internal set; }
        public string? OldSignerThumbprint { get; internal set; }
        public string? NewSignerThumbprint { get; internal set; }
        public string? OldVersion { get; internal set; }
        public string? NewVersion { get; internal set; }
        /// <summary>One sentence saying what changed.</summary>
        public string Detail { get; }
        /// <summary>SHA-256 of the reference baseline file this finding is relative to.</summary>
        public string BaselineDigest { get; }

        public override string ToString() => Change + ": " + RelativePath;
    }

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
