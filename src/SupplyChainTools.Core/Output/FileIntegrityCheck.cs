using System;

namespace SupplyChainTools
{
    /// <summary>The result of checking one file against an expected hash.</summary>
    public sealed class FileIntegrityCheck
    {
        public FileIntegrityCheck(string path, string algorithm, string expected, string? actual, string status, string message, string? checksumFile, int? lineNumber, string? signerFingerprint = null)
        {
            SignerFingerprint = signerFingerprint;
            Path = path;
            Algorithm = algorithm;
            Expected = expected;
            Actual = actual;
            Status = status;
            Message = message;
            ChecksumFile = checksumFile;
            LineNumber = lineNumber;
        }

        /// <summary>Full path of the file checked.</summary>
        public string Path { get; }

        /// <summary>The algorithm as the manifest or caller named it (e.g. SHA256, or SHA3-256 when unsupported).</summary>
        public string Algorithm { get; }

        /// <summary>Expected hash, upper-case hex.</summary>
        public string Expected { get; }

        /// <summary>Computed hash, upper-case hex; null when the file could not be hashed.</summary>
        public string? Actual { get; }

        /// <summary>One of <see cref="FileIntegrityStatus"/>: Match, Mismatch, Missing, Unreadable, UnsupportedAlgorithm.</summary>
        public string Status { get; }

        /// <summary>One sentence saying what was found.</summary>
        public string Message { get; }

        /// <summary>The manifest the expectation came from, if any.</summary>
        public string? ChecksumFile { get; }

        /// <summary>The manifest line the expectation came from, if any.</summary>
        public int? LineNumber { get; }

        /// <summary>The fingerprint of the key that signed the checksum file, when -SignatureFile/-TrustedKey verified it; null otherwise.</summary>
        public string? SignerFingerprint { get; }

        public bool IsMatch => Status == FileIntegrityStatus.Match;

        public override string ToString() => Status + " " + Path;
    }
}
