using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Packages
{
    /// <summary>The NuGet error codes a <see cref="PackageSignature"/> reports (https://learn.microsoft.com/nuget/reference/errors-and-warnings/), each spelled once.</summary>
    public static class NuGetCodes
    {
        /// <summary>A signature problem not covered by a more specific code.</summary>
        public const string General = "NU3000";

        /// <summary>The signature is invalid (its math does not verify).</summary>
        public const string InvalidSignature = "NU3003";

        /// <summary>The package is not signed (where a signature is required).</summary>
        public const string NotSigned = "NU3004";

        /// <summary>The signature file or its zip entry is invalid.</summary>
        public const string InvalidSignatureFile = "NU3005";

        /// <summary>Signed ZIP64 packages are not supported.</summary>
        public const string SignedZip64 = "NU3006";

        /// <summary>The package integrity check failed: the content does not match the signed hash.</summary>
        public const string IntegrityCheckFailed = "NU3008";

        /// <summary>The signer certificate is revoked.</summary>
        public const string Revoked = "NU3012";

        /// <summary>An unsupported or weak algorithm.</summary>
        public const string UnsupportedAlgorithm = "NU3013";

        /// <summary>The chain of the signer certificate does not build to a trusted root.</summary>
        public const string UntrustedChain = "NU3018";

        /// <summary>The chain of the timestamp certificate does not build to a trusted root.</summary>
        public const string UntrustedTimestampChain = "NU3028";

        /// <summary>The signer is not one of the trusted signers.</summary>
        public const string NotTrustedSigner = "NU3034";

        /// <summary>The timestamp's time is outside the timestamping certificate's validity.</summary>
        public const string TimestampOutsideValidity = "NU3036";

        /// <summary>The signer certificate's validity has expired and no valid timestamp proves it was valid when signing.</summary>
        public const string Expired = "NU3037";

        /// <summary>A repository countersignature is required but the package has none.</summary>
        public const string RepositorySignatureRequired = "NU3038";

        /// <summary>The NuGet code of a problem with <paramref name="status"/>; <paramref name="inTimestamp"/> when the problem is in a timestamp.</summary>
        public static string ForStatus(string status, bool inTimestamp)
        {
            switch (status)
            {
                case AuthenticodeStatus.Malformed:
                case AuthenticodeStatus.UnexpectedData:
                    return InvalidSignatureFile;
                case AuthenticodeStatus.HashMismatch:
                    return IntegrityCheckFailed;
                case AuthenticodeStatus.InvalidSignature:
                    return InvalidSignature;
                case AuthenticodeStatus.WeakAlgorithm:
                    return UnsupportedAlgorithm;
                case AuthenticodeStatus.Revoked:
                    return Revoked;
                case AuthenticodeStatus.Expired:
                    return inTimestamp ? TimestampOutsideValidity : Expired;
                case AuthenticodeStatus.NotTrusted:
                case AuthenticodeStatus.InvalidCertificateUsage:
                    return inTimestamp ? UntrustedTimestampChain : UntrustedChain;
                case AuthenticodeStatus.PublisherNotAllowed:
                    return NotTrustedSigner;
                case AuthenticodeStatus.NotSigned:
                    return NotSigned;
                default:
                    return General;
            }
        }
    }
}
