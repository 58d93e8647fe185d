using System;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Checksums
{
    /// <summary>One hash the caller expects of the files it names (Test-FileIntegrity -ExpectedHash), with its algorithm.</summary>
    public sealed class ExpectedHash
    {
        private ExpectedHash(string algorithm, string hex)
        {
            Algorithm = algorithm;
            Hex = hex;
        }

        /// <summary>The canonical algorithm name (see <see cref="SupportedHashAlgorithms"/>).</summary>
        public string Algorithm { get; }

        /// <summary>The hash, upper-case hex.</summary>
        public string Hex { get; }

        /// <summary>
        /// Reads a hex hash (surrounding white space ignored). Without <paramref name="algorithm"/> the hash length
        /// decides it. Throws <see cref="ArgumentException"/> saying why the hash cannot be used.
        /// </summary>
        public static ExpectedHash Parse(string text, string? algorithm)
        {
            string hash = text.Trim();
            if (!HexConverter.IsHex(hash))
            {
                throw new ArgumentException($"-ExpectedHash '{text}' is not a hexadecimal hash.");
            }

            string? canonical = algorithm != null ? SupportedHashAlgorithms.Normalize(algorithm) : SupportedHashAlgorithms.InferFromHexLength(hash.Length);
            if (canonical == null)
            {
                throw new ArgumentException($"-ExpectedHash has {hash.Length} hex digits, which matches no supported algorithm; give -Algorithm.");
            }

            int digits = SupportedHashAlgorithms.DigestLength(canonical) * 2;
            if (digits != hash.Length)
            {
                throw new ArgumentException($"-ExpectedHash has {hash.Length} hex digits; a {canonical} hash has {digits}.");
            }

            return new ExpectedHash(canonical, hash.ToUpperInvariant());
        }

        /// <summary>What to check of one file.</summary>
        public IntegrityExpectation For(string path) => new IntegrityExpectation(path, Algorithm, Algorithm, Hex);
    }
}
