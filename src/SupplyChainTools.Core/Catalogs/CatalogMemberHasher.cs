using System;
using System.Security.Cryptography;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>
    /// Computes the hash a catalog lists for a file: the Authenticode image hash for a PE (the file minus the
    /// CheckSum field, the Certificate Table directory entry and the certificate table; an unsigned PE is
    /// zero-padded to a multiple of 8), the CAB SIP hash for a cabinet (the header without its reserved and
    /// signature-reserve fields), otherwise the plain hash of the bytes. Self-contained and bounded; it reads only
    /// the headers it needs and never trusts an offset it has not checked against the file length.
    /// </summary>
    public static class CatalogMemberHasher
    {
        public const string HashKindPeImage = "PEImage";
        public const string HashKindCabinet = "Cabinet";
        public const string HashKindFlat = "Flat";

        private const int CabinetFlagReservePresent = 0x0004;

        private const int CheckSumOffsetInOptionalHeader = 64;
        private const int CertificateTableEntryOffsetPe32 = 128;
        private const int CertificateTableEntryOffsetPe32Plus = 144;
        private const int NumberOfRvaAndSizesOffsetPe32 = 92;
        private const int NumberOfRvaAndSizesOffsetPe32Plus = 108;
        private const int CertificateTableDirectoryIndex = 4;

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
            using (HashAlgorithm hash = HashAlgorithmOids.CreateHashAlgorithm(hashAlgorithm))
            {
                return hash.ComputeHash(fileBytes);
            }
        }

        /// <summary>
        /// The Authenticode image hash of a PE. False (with <paramref name="problem"/>) when the bytes are not a PE
        /// or its headers or certificate table point outside the file.
        /// </summary>
        public static bool TryComputePeImageHash(byte[] fileBytes, HashAlgorithmName hashAlgorithm, out byte[] imageHash, out string? problem)
        {
            imageHash = Array.Empty<byte>();
            if (fileBytes is null)
            {
                throw new ArgumentNullException(nameof(fileBytes));
            }

            if (!TryLocateHoles(fileBytes, out int checkSumOffset, out int certificateEntryOffset, out long certificateTableOffset, out long certificateTableSize, out problem))
            {
                return false;
            }

            using (HashAlgorithm hash = HashAlgorithmOids.CreateHashAlgorithm(hashAlgorithm))
            {
                long length = fileBytes.LongLength;
                HashRange(hash, fileBytes, 0, checkSumOffset);
                HashRange(hash, fileBytes, checkSumOffset + 4, certificateEntryOffset);
                bool signed = certificateTableSize > 0;
                if (signed)
                {
                    HashRange(hash, fileBytes, certificateEntryOffset + 8, certificateTableOffset);
                    HashRange(hash, fileBytes, certificateTableOffset + certificateTableSize, length);
                }
                else
                {
                    HashRange(hash, fileBytes, certificateEntryOffset + 8, length);
                    int padding = (int)((8 - (length % 8)) % 8);
                    if (padding > 0)
                    {
                        hash.TransformBlock(new byte[padding], 0, padding, null, 0);
                    }
                }

                hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                imageHash = hash.Hash ?? Array.Empty<byte>();
            }

            return true;
        }

        /// <summary>
        /// The CAB SIP hash. Unsigned cabinet: everything except reserved1 (bytes 4-7). Signed cabinet (a 20-byte
        /// header reserve whose abReserve points at the signature, which ends the file): signature[0..4],
        /// header bytes 8..33, then from byte 56 up to the signature; iCabinet, the reserve sizes and the
        /// signature offset/size (34..55) are left out, like the signature itself. False when not a cabinet.
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

            using (HashAlgorithm hash = HashAlgorithmOids.CreateHashAlgorithm(hashAlgorithm))
            {
                HashRange(hash, fileBytes, 0, 4);
                if (signatureOffset == 0)
                {
                    HashRange(hash, fileBytes, 8, fileBytes.Length);
                }
                else
                {
                    HashRange(hash, fileBytes, 8, 34);
                    HashRange(hash, fileBytes, 56, signatureOffset);
                }

                hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                cabinetHash = hash.Hash ?? Array.Empty<byte>();
            }

            return true;
        }

        private static bool TryLocateHoles(
            byte[] bytes,
            out int checkSumOffset,
            out int certificateEntryOffset,
            out long certificateTableOffset,
            out long certificateTableSize,
            out string? problem)
        {
            checkSumOffset = 0;
            certificateEntryOffset = 0;
            certificateTableOffset = 0;
            certificateTableSize = 0;
            if (bytes.Length < 0x40 || bytes[0] != (byte)'M' || bytes[1] != (byte)'Z')
            {
                problem = "Not a PE file (no MZ header).";
                return false;
            }

            long peOffset = ReadUInt32(bytes, 0x3C);
            long optionalHeader = peOffset + 24;
            if (peOffset + 24 + 2 > bytes.Length ||
                bytes[peOffset] != (byte)'P' || bytes[peOffset + 1] != (byte)'E' || bytes[peOffset + 2] != 0 || bytes[peOffset + 3] != 0)
            {
                problem = "Not a PE file (no PE signature at e_lfanew).";
                return false;
            }

            int optionalHeaderSize = ReadUInt16(bytes, (int)peOffset + 20);
            int magic = ReadUInt16(bytes, (int)optionalHeader);
            int entryOffsetInOptionalHeader;
            int rvaCountOffset;
            if (magic == 0x10B)
            {
                entryOffsetInOptionalHeader = CertificateTableEntryOffsetPe32;
                rvaCountOffset = NumberOfRvaAndSizesOffsetPe32;
            }
            else if (magic == 0x20B)
            {
                entryOffsetInOptionalHeader = CertificateTableEntryOffsetPe32Plus;
                rvaCountOffset = NumberOfRvaAndSizesOffsetPe32Plus;
            }
            else
            {
                problem = "Unknown optional header magic 0x" + magic.ToString("X") + ".";
                return false;
            }

            long entryEnd = optionalHeader + entryOffsetInOptionalHeader + 8;
            if (entryEnd > bytes.Length || entryOffsetInOptionalHeader + 8 > optionalHeaderSize)
            {
                problem = "The optional header is too short to hold the Certificate Table entry.";
                return false;
            }

            long rvaCount = ReadUInt32(bytes, (int)(optionalHeader + rvaCountOffset));
            if (rvaCount <= CertificateTableDirectoryIndex)
            {
                problem = "The PE has no Certificate Table data-directory entry (NumberOfRvaAndSizes " + rvaCount + ").";
                return false;
            }

            checkSumOffset = (int)(optionalHeader + CheckSumOffsetInOptionalHeader);
            certificateEntryOffset = (int)(optionalHeader + entryOffsetInOptionalHeader);
            long tableOffset = ReadUInt32(bytes, certificateEntryOffset);
            long tableSize = ReadUInt32(bytes, certificateEntryOffset + 4);
            if (tableOffset != 0 && tableSize != 0)
            {
                if (tableOffset < certificateEntryOffset + 8 || tableOffset + tableSize > bytes.Length)
                {
                    problem = "The Certificate Table (offset " + tableOffset + ", size " + tableSize + ") lies outside the file.";
                    return false;
                }

                certificateTableOffset = tableOffset;
                certificateTableSize = tableSize;
            }

            problem = null;
            return true;
        }

        private static void HashRange(HashAlgorithm hash, byte[] bytes, long start, long end)
        {
            if (end > start)
            {
                hash.TransformBlock(bytes, (int)start, (int)(end - start), null, 0);
            }
        }

        private static int ReadUInt16(byte[] bytes, int offset) => bytes[offset] | (bytes[offset + 1] << 8);

        private static long ReadUInt32(byte[] bytes, int offset) =>
            (uint)(bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24));
    }
}
