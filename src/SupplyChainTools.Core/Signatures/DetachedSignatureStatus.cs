using System;
using System.Collections.Generic;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>The values of <see cref="DetachedSignatureCheck.Status"/>: Authenticode's wording where it fits, plus <see cref="KeyNotBound"/>.</summary>
    public static class DetachedSignatureStatus
    {
        public const string Valid = AuthenticodeStatus.Valid;
        public const string InvalidSignature = AuthenticodeStatus.InvalidSignature;
        public const string NotTrusted = AuthenticodeStatus.NotTrusted;
        public const string Expired = AuthenticodeStatus.Expired;
        public const string Revoked = AuthenticodeStatus.Revoked;
        public const string WeakAlgorithm = AuthenticodeStatus.WeakAlgorithm;
        public const string Malformed = AuthenticodeStatus.Malformed;
        public const string NotSupportedFileFormat = AuthenticodeStatus.NotSupportedFileFormat;

        /// <summary>The signing key is a subkey (or a key) that no valid self-signature binds to its primary key.</summary>
        public const string KeyNotBound = "KeyNotBound";

        // Most serious first: unreadable, the math fails, then what the key's owner or the user said about the key.
        private static readonly string[] SeverityOrder =
        {
            Malformed, NotSupportedFileFormat, InvalidSignature, WeakAlgorithm, Revoked, KeyNotBound, NotTrusted, Expired, Valid,
        };

        internal static IReadOnlyList<string> All => SeverityOrder;

        /// <summary>Lower is more serious.</summary>
        internal static int Severity(string status)
        {
            int index = Array.IndexOf(SeverityOrder, status);
            return index < 0 ? 0 : index;
        }
    }

    /// <summary>The values of <see cref="DetachedSignatureCheck.Format"/>.</summary>
    public static class DetachedSignatureFormat
    {
        public const string OpenPgp = "OpenPGP";
        public const string OpenPgpClearSigned = "OpenPGPClearSigned";
        public const string Minisign = "Minisign";
        public const string Cms = "Cms";
        public const string Cosign = "Cosign";
        public const string Unknown = "Unknown";
    }
}
