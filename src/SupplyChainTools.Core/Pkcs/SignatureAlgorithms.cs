using System.Security.Cryptography;

namespace SupplyChainTools.Core.Pkcs
{
    /// <summary>The RSA and ECDSA key and signature algorithm OIDs of certificates, CRLs and CMS signers, and the digest each signature algorithm names.</summary>
    internal static class SignatureAlgorithms
    {
        public const string RsaEncryption = "1.2.840.113549.1.1.1";
        public const string RsaPss = "1.2.840.113549.1.1.10";
        public const string Mgf1 = "1.2.840.113549.1.1.8";
        public const string EcPublicKey = "1.2.840.10045.2.1";

        public const string Sha1WithRsa = "1.2.840.113549.1.1.5";
        public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
        public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
        public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
        public const string EcdsaWithSha1 = "1.2.840.10045.4.1";
        public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
        public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
        public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

        /// <summary>
        /// The digest that a signature algorithm naming both key and digest (sha256WithRSAEncryption, ecdsa-with-SHA256, ...)
        /// signs with, and whether its key is RSA (otherwise ECDSA); false for any other algorithm.
        /// </summary>
        public static bool TryGetDigest(string? oid, out HashAlgorithmName digest, out bool isRsa)
        {
            isRsa = true;
            switch (oid)
            {
                case Sha1WithRsa: digest = HashAlgorithmName.SHA1; return true;
                case Sha256WithRsa: digest = HashAlgorithmName.SHA256; return true;
                case Sha384WithRsa: digest = HashAlgorithmName.SHA384; return true;
                case Sha512WithRsa: digest = HashAlgorithmName.SHA512; return true;
            }

            isRsa = false;
            switch (oid)
            {
                case EcdsaWithSha1: digest = HashAlgorithmName.SHA1; return true;
                case EcdsaWithSha256: digest = HashAlgorithmName.SHA256; return true;
                case EcdsaWithSha384: digest = HashAlgorithmName.SHA384; return true;
                case EcdsaWithSha512: digest = HashAlgorithmName.SHA512; return true;
                default: digest = default; return false;
            }
        }
    }
}
