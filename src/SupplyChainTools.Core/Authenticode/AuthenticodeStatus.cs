using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The values of <see cref="AuthenticodeSignature.Status"/>.</summary>
    public static class AuthenticodeStatus
    {
        public const string Valid = "Valid";
        public const string NotSigned = "NotSigned";
        public const string HashMismatch = "HashMismatch";
        public const string NotTrusted = "NotTrusted";
        public const string Expired = "Expired";
        public const string Revoked = "Revoked";
        public const string InvalidCertificateUsage = "InvalidCertificateUsage";
        public const string InvalidSignature = "InvalidSignature";
        public const string UnexpectedData = "UnexpectedData";
        public const string PublisherNotAllowed = "PublisherNotAllowed";
        public const string WeakAlgorithm = "WeakAlgorithm";
        public const string Malformed = "Malformed";
        public const string NotSupportedFileFormat = "NotSupportedFileFormat";

        // When several problems are found the most serious one becomes the Status.
        // Order: the bytes cannot be read as a signature at all (Malformed), the file carries
        // bytes no signature covers (UnexpectedData), the content was changed (HashMismatch),
        // the signature math fails (InvalidSignature), the algorithm cannot be trusted
        // (WeakAlgorithm); then the certificate verdicts, from "this signer must never be
        // trusted" (Revoked) to "trusted but not who we expect" (PublisherNotAllowed).
        private static readonly string[] SeverityOrder =
        {
            Malformed,
            NotSupportedFileFormat,
            UnexpectedData,
            HashMismatch,
            InvalidSignature,
            WeakAlgorithm,
            Revoked,
            NotTrusted,
            InvalidCertificateUsage,
            Expired,
            PublisherNotAllowed,
            NotSigned,
            Valid,
        };

        internal static IReadOnlyList<string> All => SeverityOrder;

        /// <summary>Lower is more serious.</summary>
        internal static int Severity(string status)
        {
            int index = Array.IndexOf(SeverityOrder, status);
            return index < 0 ? 0 : index;
        }
    }
}
