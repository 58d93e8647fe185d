using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Cab;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>
    /// Computes the hash a catalog lists for a file: the Authenticode image hash for a PE (<see cref="PeImageDigest"/>), the CAB SIP hash for a cabinet (the header without its reserved and
    /// signature-reserve fields), otherwise the plain hash of the bytes. Self-contained and bounded; it reads only
    /// the headers it needs and never trusts an offset it has not checked against the file length.
    /// </summary>
    public static class CatalogMemberHasher
    {
        public const string HashKindPeImage = "PEImage";
        public const string HashKindCabinet = "Cabinet";
        public const string HashKindFlat = "Flat";

        private const int CabinetFlagReservePresent = 0x0004;

        /// <summary>The catalog hash of <paramref name="fileBytes"/>: PE image hash for a well-formed PE, else the flat hash.</summary>
        public static byte[] ComputeHash(byte[] fileBytes, HashAlgorithmName hashAlgorithm) =>
            ComputeHash(fileBytes, hashAlgorithm, out _);

        /// <summary>As <see cref="ComputeHash(byte[], HashAlgorithmName)"/>; <paramref name="hashKind"/> says which hash was used ("PEImage" or "Flat").</summary>
        public static byte[] ComputeHash(byte[] fileBytes, HashAlgorithmName hashAlgorithm, out string hashKind)
        {
            if (fileBytes is null)
            {
                throw new ArgumentNullException(nameof(fileBytes));
            }

            if (TryComputePeImageHash(fileBytes, hashAlgorithm, out byte[] imageHash, out _))
            {
                hashKind = HashKindPeImage;
                return imageHash;
            }

            if (TryComputeCabinetHash(fileBytes, hashAlgorithm, out byte[] cabinetHash))
            {
                hashKind = HashKindCabinet;
                return cabinetHash;
            }

            hashKind = HashKindFlat;
            using (HashAlgorithm hash = DigestAlgorithms.Create(hashAlgorithm))
            {
                return hash.ComputeHash(fileBytes);
            }
        }

        /// <summary>
        /// The Authenticode image hash of a PE (<see cref="PeImageDigest"/>). False (with <paramref name="problem"/>)
        /// when the bytes are not a PE image.
        /// </summary>
        public static bool TryComputePeImageHash(byte[] fileBytes, HashAlgorithmName hashAlgorithm, out byte[] imageHash, out string? problem)
        {
            imageHash = Array.Empty<byte>();
            if (fileBytes is null)
            {
                throw new ArgumentNullException(nameof(fileBytes));
            }

            using (var content = new MemoryStream(fileBytes, writable: false))
            {
                if (!PeImageDigest.TryCompute(content, hashAlgorithm, CancellationToken.None, out byte[]? digest, out problem, out _) || digest == null)
                {
                    return false;
                }

                imageHash = digest;
                return true;
            }
        }

        /// <summary>
        /// The CAB SIP hash (<see cref="CabinetDigest"/>) of a cabinet whose header is consistent: reserved1 zero and,
        /// when signed, a 20-byte signature reserve pointing at a signature that ends the file. False when not a cabinet.
        /// </summary>
        public static bool TryComputeCabinetHash(byte[] fileBytes, HashAlgorithmName hashAlgorithm, out byte[] cabinetHash)
        {
            cabinetHash = Array.Empty<byte>();
            if (fileBytes is null)
            {
                throw new ArgumentNullException(nameof(fileBytes));
            }

            const int MinimumHeader = 36;
            if (fileBytes.Length < MinimumHeader || fileBytes[0] != (byte)'M' || fileBytes[1] != (byte)'S' ||
                fileBytes[2] != (byte)'C' || fileBytes[3] != (byte)'F' || ReadUInt32(fileBytes, 4) != 0)
            {
                return false;
            }

            int flags = ReadUInt16(fileBytes, 30);
            long signatureOffset = 0;
            if ((flags & CabinetFlagReservePresent) != 0)
            {
                if (fileBytes.Length < 60 || ReadUInt32(fileBytes, 36) != 20 || ReadUInt32(fileBytes, 40) != 0x00100000)
                {
                    return false;
                }

                signatureOffset = ReadUInt32(fileBytes, 44);
                long signatureLength = ReadUInt32(fileBytes, 48);
                if (signatureOffset != 0 && (signatureOffset < 60 || signatureOffset + signatureLength != fileBytes.Length || signatureLength == 0))
                {
                    return false;
                }
            }

            using (var content = new MemoryStream(fileBytes, writable: false))
            {
                cabinetHash = CabinetDigest.Compute(content, signatureOffset, hashAlgorithm, CancellationToken.None);
            }

            return true;
        }

        private static int ReadUInt16(byte[] bytes, int offset) => bytes[offset] | (bytes[offset + 1] << 8);

        private static long ReadUInt32(byte[] bytes, int offset) =>
            (uint)(bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24));
    }
}
