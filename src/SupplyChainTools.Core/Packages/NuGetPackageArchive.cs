using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Xml;
using SupplyChainTools.Core.Archives;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Packages
{
    /// <summary>
    /// A .nupkg read as NuGet's signing specification sees it: the signature entry and its required zip metadata
    /// (stored, no extra fields, no data descriptor, the last local entry and the last central record, no ZIP64),
    /// and the package hash the signature signs: the archive hashed as if the signature entry were removed.
    /// </summary>
    internal sealed class NuGetPackageArchive
    {
        public const string SignatureFileName = ".signature.p7s";
        public const long MaximumSignatureLength = 1024 * 1024;
        private const long MaximumNuspecLength = 4 * 1024 * 1024;

        private NuGetPackageArchive(ZipArchiveLayout layout, ZipEntryRecord? signature)
        {
            Layout = layout;
            SignatureEntry = signature;
        }

        public ZipArchiveLayout Layout { get; }

        /// <summary>The .signature.p7s entry; null when the package is not signed.</summary>
        public ZipEntryRecord? SignatureEntry { get; }

        /// <summary>Reads the archive's structure and every local header; throws <see cref="ZipFormatException"/>.</summary>
        public static NuGetPackageArchive Read(Stream stream, CancellationToken cancellationToken)
        {
            ZipArchiveLayout layout = ZipArchiveReader.Read(stream, cancellationToken);
            foreach (ZipEntryRecord entry in layout.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ZipArchiveReader.ReadLocalHeader(stream, layout, entry);
            }

            return new NuGetPackageArchive(layout, layout.Find(SignatureFileName));
        }

        /// <summary>The problems of the signature entry's zip metadata (status and message), in NuGet's terms; empty when it is as required.</summary>
        public List<(string Status, string Code, string Message)> CheckSignatureEntry()
        {
            var problems = new List<(string, string, string)>();
            ZipEntryRecord signature = SignatureEntry!;
            void Fail(string message) => problems.Add((AuthenticodeStatus.Malformed, NuGetCodes.InvalidSignatureFile, "The signature entry is invalid: " + message));
            if (Layout.IsZip64 || Layout.Entries.Any(entry => entry.UsesZip64))
            {
                problems.Add((AuthenticodeStatus.Malformed, NuGetCodes.SignedZip64, "The package is a ZIP64 archive; signed ZIP64 packages are not supported."));
            }

            if (Layout.Entries.Count(entry => string.Equals(entry.Name, SignatureFileName, StringComparison.OrdinalIgnoreCase)) > 1)
            {
                Fail("the archive holds more than one " + SignatureFileName + " entry.");
            }

            if (!ReferenceEquals(Layout.Entries[Layout.Entries.Count - 1], signature))
            {
                Fail("it is not the last record of the central directory.");
            }

            if (Layout.Entries.Any(entry => entry.LocalHeaderOffset > signature.LocalHeaderOffset) || signature.EntryEndOffset != Layout.CentralDirectoryOffset)
            {
                Fail("it is not the last file entry before the central directory.");
            }

            if (signature.CompressionMethod != 0 || signature.CompressedSize != signature.UncompressedSize)
            {
                Fail("it is compressed (method " + signature.CompressionMethod + "); it must be stored.");
            }

            if (signature.CentralExtraFieldLength != 0 || signature.LocalExtraFieldLength != 0 || signature.CommentLength != 0)
            {
                Fail("it has extra fields or a comment.");
            }

            if (signature.Flags != 0 || signature.LocalFlags != 0 || signature.DiskNumberStart != 0 || signature.InternalAttributes != 0 || signature.ExternalAttributes != 0)
            {
                Fail("its general purpose flags, disk number and file attributes must be 0 (flags 0x" + signature.Flags.ToString("X4") + ", external attributes 0x" + signature.ExternalAttributes.ToString("X8") + ").");
            }

            if (signature.LocalCrc32 != signature.Crc32 || signature.LocalCompressedSize != signature.CompressedSize || signature.LocalUncompressedSize != signature.UncompressedSize)
            {
                Fail("its local header and central directory record disagree on its CRC-32 or sizes.");
            }

            if (signature.UncompressedSize > MaximumSignatureLength || signature.UncompressedSize == 0)
            {
                Fail("it is " + signature.UncompressedSize + " bytes; a signature is 1 to " + MaximumSignatureLength + " bytes.");
            }

            long expected = Layout.Entries.Count == 0 ? 0 : Layout.Entries.Min(entry => entry.LocalHeaderOffset);
            foreach (ZipEntryRecord entry in Layout.Entries.OrderBy(entry => entry.LocalHeaderOffset))
            {
                if (entry.LocalHeaderOffset != expected)
                {
                    problems.Add((AuthenticodeStatus.UnexpectedData, NuGetCodes.InvalidSignatureFile, "The archive holds bytes at offset " + Math.Min(expected, entry.LocalHeaderOffset) + " that belong to no entry (before '" + entry.Name + "'), which the signature does not cover."));
                    break;
                }

                expected = entry.EntryEndOffset;
            }

            return problems;
        }

        public byte[] ReadSignature(Stream stream, CancellationToken cancellationToken) =>
            ZipArchiveReader.ReadEntry(stream, SignatureEntry!, MaximumSignatureLength, cancellationToken);

        /// <summary>
        /// The package hash NuGet signs: the bytes before the first local header, every other entry's local header and
        /// data, every other central record, then the end-of-central-directory record with the entry counts less one, the
        /// central directory size less the signature's record, its offset less the signature entry, and everything after.
        /// </summary>
        public byte[] HashWithoutSignature(Stream stream, HashAlgorithmName algorithm, CancellationToken cancellationToken)
        {
            ZipEntryRecord signature = SignatureEntry!;
            using (HashAlgorithm hash = DigestAlgorithms.Create(algorithm))
            {
                List<ZipEntryRecord> others = Layout.Entries.Where(entry => !ReferenceEquals(entry, signature)).ToList();
                long firstLocal = Layout.Entries.Min(entry => entry.LocalHeaderOffset);
                ZipArchiveReader.HashRange(stream, 0, firstLocal, hash, cancellationToken);
                foreach (ZipEntryRecord entry in others.OrderBy(entry => entry.LocalHeaderOffset))
                {
                    ZipArchiveReader.HashRange(stream, entry.LocalHeaderOffset, entry.EntryEndOffset - entry.LocalHeaderOffset, hash, cancellationToken);
                }

                foreach (ZipEntryRecord entry in others.OrderBy(entry => entry.CentralRecordOffset))
                {
                    ZipArchiveReader.HashRange(stream, entry.CentralRecordOffset, entry.CentralRecordLength, hash, cancellationToken);
                }

                byte[] eocd = (byte[])Layout.EndOfCentralDirectory.Clone();
                long signatureEntryLength = signature.EntryEndOffset - signature.LocalHeaderOffset;
                WriteUInt16(eocd, 8, ZipArchiveReader.ReadUInt16(eocd, 8) - 1);
                WriteUInt16(eocd, 10, ZipArchiveReader.ReadUInt16(eocd, 10) - 1);
                WriteUInt32(eocd, 12, ZipArchiveReader.ReadUInt32(eocd, 12) - (uint)signature.CentralRecordLength);
                WriteUInt32(eocd, 16, ZipArchiveReader.ReadUInt32(eocd, 16) - (uint)signatureEntryLength);
                hash.TransformBlock(eocd, 0, eocd.Length, null, 0);
                long afterEocd = Layout.EndOfCentralDirectoryOffset + Layout.EndOfCentralDirectoryLength;
                ZipArchiveReader.HashRange(stream, afterEocd, Layout.FileLength - afterEocd, hash, cancellationToken);
                hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                return hash.Hash!;
            }
        }

        /// <summary>The package id and version from the .nuspec at the archive's root; nulls when there is none or it cannot be read.</summary>
        public (string? Id, string? Version) ReadIdentity(Stream stream, CancellationToken cancellationToken)
        {
            ZipEntryRecord? nuspec = Layout.Entries.FirstOrDefault(entry => entry.Name.IndexOf('/') < 0 && entry.Name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            if (nuspec == null)
            {
                return (null, null);
            }

            try
            {
                byte[] content = ZipArchiveReader.ReadEntry(stream, nuspec, MaximumNuspecLength, cancellationToken);
                var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaximumNuspecLength };
                string? id = null;
                string? version = null;
                using (var reader = XmlReader.Create(new MemoryStream(content), settings))
                {
                    while (reader.Read() && (id == null || version == null))
                    {
                        if (reader.NodeType == XmlNodeType.Element && reader.Depth == 2 && (reader.LocalName == "id" || reader.LocalName == "version"))
                        {
                            string name = reader.LocalName;
                            string value = reader.ReadElementContentAsString().Trim();
                            if (name == "id") id = value; else version = value;
                        }
                    }
                }

                return (id, version);
            }
            catch (Exception exception) when (exception is XmlException || exception is ZipFormatException)
            {
                return (null, null);
            }
        }

        private static void WriteUInt16(byte[] data, int offset, int value)
        {
            data[offset] = (byte)value;
            data[offset + 1] = (byte)(value >> 8);
        }

        private static void WriteUInt32(byte[] data, int offset, uint value)
        {
            WriteUInt16(data, offset, (int)(value & 0xFFFF));
            WriteUInt16(data, offset + 2, (int)(value >> 16));
        }
    }
}
