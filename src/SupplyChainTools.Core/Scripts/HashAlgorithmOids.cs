using System;
using System.Security.Cryptography;

namespace SupplyChainTools.Core.Scripts
{
    /// <summary>Maps the digest-algorithm OIDs found in Authenticode structures to <see cref="HashAlgorithmName"/>.</summary>
    public static class HashAlgorithmOids
    {
        public const string Md5 = "1.2.840.113549.2.5";
        public const string Sha1 = "1.3.14.3.2.26";
        public const string Sha256 = "2.16.840.1.101.3.4.2.1";
        public const string Sha384 = "2.16.840.1.101.3.4.2.2";
        public const string Sha512 = "2.16.840.1.101.3.4.2.3";

        public static bool TryGetHashAlgorithmName(string? oid, out HashAlgorithmName name)
        {
            switch (oid)
            {
                case Md5: name = HashAlgorithmName.MD5; return true;
                case Sha1: name = HashAlgorithmName.SHA1; return true;
                case Sha256: name = HashAlgorithmName.SHA256; return true;
                case Sha384: name = HashAlgorithmName.SHA384; return true;
                case Sha512: name = HashAlgorithmName.SHA512; return true;
                default: name = default; return false;
            }
        }

        /// <summary>Creates a hash object for <paramref name="name"/> (net462 has no IncrementalHash).</summary>
        internal static HashAlgorithm CreateHashAlgorithm(HashAlgorithmName name)
        {
            if (name == HashAlgorithmName.SHA256) { return SHA256.Create(); }
            if (name == HashAlgorithmName.SHA1) { return SHA1.Create(); }
            if (name == HashAlgorithmName.SHA384) { return SHA384.Create(); }
            if (name == HashAlgorithmName.SHA512) { return SHA512.Create(); }
            if (name == HashAlgorithmName.MD5) { return MD5.Create(); }
            throw new ArgumentException("Unsupported digest algorithm '" + name.Name + "'.", nameof(name));
        }

        internal static string ToHex(byte[] bytes) => ToHex(bytes, 0, bytes.Length);

        internal static string ToHex(byte[] bytes, int offset, int count)
        {
            const string Digits = "0123456789ABCDEF";
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                chars[2 * i] = Digits[b >> 4];
                chars[(2 * i) + 1] = Digits[b & 0xF];
            }

            return new string(chars);
        }
    }
}
