using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Trust
{
    /// <summary>Certificate thumbprints as users pin them: SHA-1 (40 hex digits) or SHA-256 (64), spaced or colon-separated, any case.</summary>
    public static class Thumbprint
    {
        /// <summary>The thumbprint without white space or colons, upper-case.</summary>
        public static string Normalize(string thumbprint) =>
            new string(thumbprint.Where(c => !char.IsWhiteSpace(c) && c != ':').ToArray()).ToUpperInvariant();

        /// <summary>True when a normalised thumbprint is a SHA-1 or SHA-256 one.</summary>
        public static bool IsWellFormed(string normalized) =>
            (normalized.Length == 40 || normalized.Length == 64) && normalized.All(Uri.IsHexDigit);

        /// <summary>The certificate's SHA-256 thumbprint in upper-case hex (its SHA-1 one is <see cref="X509Certificate2.Thumbprint"/>).</summary>
        public static string Sha256Of(X509Certificate2 certificate)
        {
            using (SHA256 sha256 = SHA256.Create())
            {
                return HexConverter.ToUpperHex(sha256.ComputeHash(certificate.RawData));
            }
        }
    }
}
