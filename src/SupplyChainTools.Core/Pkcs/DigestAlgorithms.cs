using System;
using System.Security.Cryptography;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Pkcs
{
    /// <summary>The digest algorithms of CMS and Authenticode: their OIDs, the hash object for each, and constant-time comparison of digests.</summary>
    internal static class DigestAlgorithms
    {
        public const string Md5Oid = "1.2.840.113549.2.5";
        public const string Sha1Oid = "1.3.14.3.2.26";
        public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
        public const string Sha384Oid = "2.16.840.1.101.3.4.2.2";
        public const string Sha512Oid = "2.16.840.1.101.3.4.2.3";

        public static bool TryFromOid(string? oid, out HashAlgorithmName name)
        {
            switch (oid)
            {
                case Md5Oid: name = HashAlgorithmName.MD5; return true;
                case Sha1Oid: name = HashAlgorithmName.SHA1; return true;
                case Sha256Oid: name = HashAlgorithmName.SHA256; return true;
                case Sha384Oid: name = HashAlgorithmName.SHA384; return true;
                case Sha512Oid: name = HashAlgorithmName.SHA512; return true;
                default: name = default; return false;
            }
        }

        /// <summary>A new hash object for <paramref name="name"/> (net462 has no IncrementalHash).</summary>
        public static HashAlgorithm Create(HashAlgorithmName name)
        {
            if (name == HashAlgorithmName.SHA256) return SHA256.Create();
            if (name == HashAlgorithmName.SHA1) return SHA1.Create();
            if (name == HashAlgorithmName.SHA384) return SHA384.Create();
            if (name == HashAlgorithmName.SHA512) return SHA512.Create();
            if (name == HashAlgorithmName.MD5) return MD5.Create();
            throw new CryptographicException("Unsupported hash algorithm " + name.Name + ".");
        }

        /// <summary>Length in bytes of the digests <paramref name="name"/> produces.</summary>
        public static int DigestLength(HashAlgorithmName name) => SupportedHashAlgorithms.DigestLength(name.Name ?? string.Empty);

        public static byte[] Hash(HashAlgorithmName name, byte[] data)
        {
            using (HashAlgorithm algorithm = Create(name))
            {
                return algorithm.ComputeHash(data);
            }
        }

        public static byte[] Hash(HashAlgorithmName name, ReadOnlyMemory<byte> data)
        {
#if NET
            using (IncrementalHash hash = IncrementalHash.CreateHash(name))
            {
                hash.AppendData(data.Span);
                return hash.GetHashAndReset();
            }
#else
            return Hash(name, data.ToArray());
#endif
        }

        public static bool FixedTimeEquals(byte[] left, byte[] right)
        {
#if NET
            return CryptographicOperations.FixedTimeEquals(left, right);
#else
            if (left.Length != right.Length)
            {
                return false;
            }

            int difference = 0;
            for (int i = 0; i < left.Length; i++)
            {
                difference |= left[i] ^ right[i];
            }

            return difference == 0;
#endif
        }
    }
}
