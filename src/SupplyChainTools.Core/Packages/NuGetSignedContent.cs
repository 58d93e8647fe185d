using System;
using System.Security.Cryptography;
using System.Text;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Packages
{
    /// <summary>
    /// The content a NuGet package signature signs (format version 1): <c>Version:1</c>, a blank line, then
    /// <c>&lt;hash algorithm OID&gt;-Hash:&lt;base64 of the package hash&gt;</c> and a blank line, each line ending in LF.
    /// </summary>
    internal sealed class NuGetSignedContent
    {
        public const int MaximumLength = 4096;

        private NuGetSignedContent(HashAlgorithmName algorithm, byte[] hash)
        {
            Algorithm = algorithm;
            Hash = hash;
        }

        public HashAlgorithmName Algorithm { get; }

        public byte[] Hash { get; }

        /// <summary>Parses the content; throws <see cref="FormatException"/> naming what is wrong.</summary>
        public static NuGetSignedContent Parse(ReadOnlySpan<byte> content)
        {
            if (content.Length == 0 || content.Length > MaximumLength)
            {
                throw new FormatException("The signed content is " + content.Length + " bytes; it must be 1 to " + MaximumLength + ".");
            }

            string text = Encoding.UTF8.GetString(content.ToArray());
            string[] lines = text.Split('\n');
            if (lines.Length < 4 || lines[0] != "Version:1" || lines[1].Length != 0)
            {
                throw new FormatException("The signed content does not start with 'Version:1' and a blank line (only format version 1 is supported).");
            }

            for (int index = 2; index < lines.Length; index++)
            {
                string line = lines[index];
                int separator = line.IndexOf("-Hash:", StringComparison.Ordinal);
                if (separator <= 0)
                {
                    continue;
                }

                string oid = line.Substring(0, separator);
                if (oid != DigestAlgorithms.Sha256Oid && oid != DigestAlgorithms.Sha384Oid && oid != DigestAlgorithms.Sha512Oid)
                {
                    throw new FormatException("The signed content hashes the package with " + oid + ", not SHA-256, SHA-384 or SHA-512.");
                }

                DigestAlgorithms.TryFromOid(oid, out HashAlgorithmName algorithm);
                byte[] hash = Convert.FromBase64String(line.Substring(separator + 6));
                if (hash.Length != DigestAlgorithms.DigestLength(algorithm))
                {
                    throw new FormatException("The signed " + algorithm.Name + " package hash is " + hash.Length + " bytes long.");
                }

                return new NuGetSignedContent(algorithm, hash);
            }

            throw new FormatException("The signed content holds no package hash.");
        }
    }
}
