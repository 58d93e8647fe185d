using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace SupplyChainTools.Core.Hashing
{
    /// <summary>The hash algorithms the module computes, by their canonical upper-case names.</summary>
    public static class SupportedHashAlgorithms
    {
        public const string MD5 = "MD5";
        public const string SHA1 = "SHA1";
        public const string SHA256 = "SHA256";
        public const string SHA384 = "SHA384";
        public const string SHA512 = "SHA512";

        /// <summary>Canonical names, strongest-first order is not implied; this is the order users see in help.</summary>
        public static IReadOnlyList<string> All { get; } = new[] { SHA256, SHA1, SHA384, SHA512, MD5 };

        /// <summary>Maps "sha256", "SHA-256", "sha2-256" and the like to the canonical name; null when unsupported.</summary>
        public static string? Normalize(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return null;
            }

            string compact = name!.Trim().Replace("-", string.Empty).Replace("_", string.Empty).ToUpperInvariant();
            switch (compact)
            {
                case "MD5": return MD5;
                case "SHA1": return SHA1;
                case "SHA256": case "SHA2256": return SHA256;
                case "SHA384": case "SHA2384": return SHA384;
                case "SHA512": case "SHA2512": return SHA512;
                default: return null;
            }
        }

        /// <summary>Length in bytes of the digest the algorithm produces.</summary>
        public static int DigestLength(string canonicalName)
        {
            switch (canonicalName)
            {
                case MD5: return 16;
                case SHA1: return 20;
                case SHA256: return 32;
                case SHA384: return 48;
                case SHA512: return 64;
                default: throw new ArgumentException($"'{canonicalName}' is not a supported hash algorithm.", nameof(canonicalName));
            }
        }

        /// <summary>The algorithm whose hex digest has this many characters; null when none does.</summary>
        public static string? InferFromHexLength(int hexLength)
        {
            switch (hexLength)
            {
                case 32: return MD5;
                case 40: return SHA1;
                case 64: return SHA256;
                case 96: return SHA384;
                case 128: return SHA512;
                default: return null;
            }
        }

        public static HashAlgorithmName ToHashAlgorithmName(string canonicalName)
        {
            switch (canonicalName)
            {
                case MD5: return HashAlgorithmName.MD5;
                case SHA1: return HashAlgorithmName.SHA1;
                case SHA256: return HashAlgorithmName.SHA256;
                case SHA384: return HashAlgorithmName.SHA384;
                case SHA512: return HashAlgorithmName.SHA512;
                default: throw new ArgumentException($"'{canonicalName}' is not a supported hash algorithm.", nameof(canonicalName));
            }
        }

        /// <summary>Validates and de-duplicates a user's list, keeping the user's order. Throws on an unsupported name.</summary>
        public static string[] NormalizeList(IEnumerable<string>? names)
        {
            var result = new List<string>();
            if (names != null)
            {
                foreach (string name in names)
                {
                    string canonical = Normalize(name)
                        ?? throw new ArgumentException($"'{name}' is not a supported hash algorithm. Use one of: {string.Join(", ", All)}.");
                    if (!result.Contains(canonical))
                    {
                        result.Add(canonical);
                    }
                }
            }

            if (result.Count == 0)
            {
                result.Add(SHA256);
            }

            return result.ToArray();
        }
    }
}
