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
}
