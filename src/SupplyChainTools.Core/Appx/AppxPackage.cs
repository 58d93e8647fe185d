using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.Archives;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Appx
{
    /// <summary>
    /// An APPX/MSIX package or bundle read for its Authenticode signature: <c>AppxSignature.p7x</c> (the PKCX magic, then
    /// PKCS#7) and the indirect digest it signs, "APPX" followed by tagged digests of five parts: AXPC (the zip's file
    /// records before the signature entry), AXCD (the central directory without the signature's record, with the
    /// end records rewritten as if it were removed), AXCT ([Content_Types].xml), AXBM (AppxBlockMap.xml) and, when the
    /// package has one, AXCI (AppxMetadata/CodeIntegrity.cat), each uncompressed.
    /// </summary>
    internal sealed class AppxPackage
    {
        public const string SignatureFileName = "AppxSignature.p7x";
        public const string ContentTypesFileName = "[Content_Types].xml";
        public const string BlockMapFileName = "AppxBlockMap.xml";
        public const string CodeIntegrityFileName = "AppxMetadata/CodeIntegrity.cat";
        public const string ManifestFileName = "AppxManifest.xml";
        public const string BundleManifestFileName = "AppxMetadata/AppxBundleManifest.xml";
        public const long MaximumPartLength = 64L * 1024 * 1024;
        public const long MaximumSignatureLength = 16L * 1024 * 1024;

        private static readonly byte[] PkcxMagic = Encoding.ASCII.GetBytes("PKCX");

        private AppxPackage(ZipArchiveLayout layout)
        {
            Layout = layout;
            Signature = layout.Find(SignatureFileName);
        }

        public ZipArchiveLayout Layout { get; }

        public ZipEntryRecord? Signature { get; }

        public bool IsBundle => Layout.Find(BundleManifestFileName) != null;

        /// <summary>True when the archive's entries make it an APPX/MSIX package or bundle (a block map or a package signature).</summary>
        public static bool IsAppx(ZipArchiveLayout layout) => layout.Find(BlockMapFileName) != null || layout.Find(SignatureFileName) != null;

        /// <summary>Reads every local header as well; throws <see cref="ZipFormatException"/>.</summary>
        public static AppxPackage Read(Stream stream, ZipArchiveLayout layout, CancellationToken cancellationToken)
        {
            foreach (ZipEntryRecord entry in layout.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ZipArchiveReader.ReadLocalHeader(stream, layout, entry);
            }

            return new AppxPackage(layout);
        }

        /// <summary>The layout problems that leave bytes outside the signed digest: the signature not last, data after the end record.</summary>
        public List<string> FindUncoveredData()
        {
            var problems = new List<string>();
            ZipEntryRecord signature = Signature!;
            if (Layout.Entries.Any(entry => entry.LocalHeaderOffset > signature.LocalHeaderOffset) || signature.EntryEndOffset != Layout.CentralDirectoryOffset)
            {
                problems.Add("The signature entry is not the last file record before the central directory, so bytes after it are not covered by the signature.");
            }

            if (!ReferenceEquals(Layout.Entries[Layout.Entries.Count - 1], signature))
            {
                problems.Add("The signature's record is not the last one of the central directory.");
            }

            long end = Layout.EndOfCentralDirectoryOffset + Layout.EndOfCentralDirectoryLength;
            if (end != Layout.FileLength)
            {
                problems.Add("The package has " + (Layout.FileLength - end) + " bytes after its end-of-central-directory record, which the signature does not cover.");
            }

            if (Layout.Entries.Count(entry => string.Equals(entry.Name, SignatureFileName, StringComparison.OrdinalIgnoreCase)) > 1)
            {
                problems.Add("The package holds more than one " + SignatureFileName + ".");
            }

            return problems;
        }

        /// <summary>The PKCS#7 after the PKCX magic; throws <see cref="ZipFormatException"/> when the magic is missing.</summary>
        public byte[] ReadPkcs7(Stream stream, CancellationToken cancellationToken)
        {
            byte[] content = ZipArchiveReader.ReadEntry(stream, Signature!, MaximumSignatureLength, cancellationToken);
            if (content.Length <= PkcxMagic.Length || !content.Take(PkcxMagic.Length).SequenceEqual(PkcxMagic))
            {
                throw new ZipFormatException(SignatureFileName + " does not start with the PKCX magic.");
            }

            return content.Skip(PkcxMagic.Length).ToArray();
        }

        /// <summary>The indirect digest blob the signature must carry, computed from the package with <paramref name="algorithm"/>.</summary>
        public byte[] ComputeDigestBlob(Stream stream, HashAlgorithmName algorithm, CancellationToken cancellationToken)
        {
            var blob = new MemoryStream();
            void Add(string tag, byte[] digest)
            {
                byte[] tagBytes = Encoding.ASCII.GetBytes(tag);
                blob.Write(tagBytes, 0, tagBytes.Length);
                blob.Write(digest, 0, digest.Length);
            }

            blob.Write(Encoding.ASCII.GetBytes("APPX"), 0, 4);
            Add("AXPC", HashRecords(stream, algorithm, cancellationToken));
            Add("AXCD", HashCentralDirectory(stream, algorithm, cancellationToken));
            Add("AXCT", HashPart(stream, ContentTypesFileName, algorithm, cancellationToken) ?? throw new ZipFormatException("The package has no " + ContentTypesFileName + "."));
            Add("AXBM", HashPart(stream, BlockMapFileName, algorithm, cancellationToken) ?? throw new ZipFormatException("The package has no " + BlockMapFileName + "."));
            byte[]? codeIntegrity = HashPart(stream, CodeIntegrityFileName, algorithm, cancellationToken);
            if (codeIntegrity != null)
            {
                Add("AXCI", codeIntegrity);
            }

            return blob.ToArray();
        }

        /// <summary>Names the parts whose digests differ between <paramref name="signed"/> and <paramref name="actual"/> blobs.</summary>
        public static string DescribeDifference(byte[] signed, byte[] actual, int digestLength)
        {
            Dictionary<string, byte[]> Parts(byte[] blob)
            {
                var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                for (int position = 4; position + 4 + digestLength <= blob.Length; position += 4 + digestLength)
                {
                    parts[Encoding.ASCII.GetString(blob, position, 4)] = blob.Skip(position + 4).Take(digestLength).ToArray();
                }

                return parts;
            }

            Dictionary<string, byte[]> expected = Parts(signed);
            Dictionary<string, byte[]> computed = Parts(actual);
            var names = new Dictionary<string, string>
            {
                ["AXPC"] = "the file records", ["AXCD"] = "the central directory", ["AXCT"] = ContentTypesFileName,
                ["AXBM"] = BlockMapFileName, ["AXCI"] = CodeIntegrityFileName,
            };
            List<string> differing = names.Keys
                .Where(tag =>
                {
                    bool signedHasIt = expected.TryGetValue(tag, out byte[]? left);
                    bool computedHasIt = computed.TryGetValue(tag, out byte[]? right);
                    return signedHasIt != computedHasIt || (signedHasIt && !left!.SequenceEqual(right!));
                })
                .Select(tag => names[tag] + " (" + tag + ")")
                .ToList();
            return differing.Count == 0 ? "the digest blob's layout differs" : string.Join(", ", differing);
        }

        /// <summary>The uncompressed content of a part, or null when the package has no such part.</summary>
        public byte[]? ReadPart(Stream stream, string name, CancellationToken cancellationToken)
        {
            ZipEntryRecord? entry = Layout.Find(name);
            return entry == null ? null : ZipArchiveReader.ReadEntry(stream, entry, MaximumPartLength, cancellationToken);
        }

        private byte[]? HashPart(Stream stream, string name, HashAlgorithmName algorithm, CancellationToken cancellationToken)
        {
            byte[]? content = ReadPart(stream, name, cancellationToken);
            return content == null ? null : DigestAlgorithms.Hash(algorithm, content);
        }

        private byte[] HashRecords(Stream stream, HashAlgorithmName algorithm, CancellationToken cancellationToken)
        {
            using (HashAlgorithm hash = DigestAlgorithms.Create(algorithm))
            {
                ZipArchiveReader.HashRange(stream, 0, Signature!.LocalHeaderOffset, hash, cancellationToken);
                hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                return hash.Hash!;
            }
        }

        private byte[] HashCentralDirectory(Stream stream, HashAlgorithmName algorithm, CancellationToken cancellationToken)
        {
            ZipEntryRecord signature = Signature!;
            using (HashAlgorithm hash = DigestAlgorithms.Create(algorithm))
            {
                long directorySize = 0;
                int count = 0;
                foreach (ZipEntryRecord entry in Layout.Entries.Where(entry => !ReferenceEquals(entry, signature)))
                {
                    ZipArchiveReader.HashRange(stream, entry.CentralRecordOffset, entry.CentralRecordLength, hash, cancellationToken);
                    directorySize += entry.CentralRecordLength;
                    count++;
                }

                long directoryOffset = signature.LocalHeaderOffset;
                var tail = new MemoryStream();
                if (Layout.IsZip64)
                {
                    byte[] record = (byte[])Layout.Zip64EndOfCentralDirectory!.Clone();
                    WriteUInt64(record, 24, count);
                    WriteUInt64(record, 32, count);
                    WriteUInt64(record, 40, directorySize);
                    WriteUInt64(record, 48, directoryOffset);
                    tail.Write(record, 0, record.Length);
                    byte[] locator = (byte[])Layout.Zip64Locator!.Clone();
                    WriteUInt64(locator, 8, directoryOffset + directorySize);
                    tail.Write(locator, 0, locator.Length);
                }

                byte[] end = (byte[])Layout.EndOfCentralDirectory.Clone();
                WriteUInt16(end, 4, 0);
                WriteUInt16(end, 6, 0);
                if (ZipArchiveReader.ReadUInt16(end, 8) != 0xFFFF) WriteUInt16(end, 8, count);
                if (ZipArchiveReader.ReadUInt16(end, 10) != 0xFFFF) WriteUInt16(end, 10, count);
                if (ZipArchiveReader.ReadUInt32(end, 12) != 0xFFFFFFFF) WriteUInt64(end, 12, directorySize, 4);
                if (ZipArchiveReader.ReadUInt32(end, 16) != 0xFFFFFFFF) WriteUInt64(end, 16, directoryOffset, 4);
                tail.Write(end, 0, end.Length);
                byte[] tailBytes = tail.ToArray();
                hash.TransformFinalBlock(tailBytes, 0, tailBytes.Length);
                return hash.Hash!;
            }
        }

        private static void WriteUInt16(byte[] data, int offset, long value) => WriteUInt64(data, offset, value, 2);

        private static void WriteUInt64(byte[] data, int offset, long value, int length = 8)
        {
            for (int index = 0; index < length; index++)
            {
                data[offset + index] = (byte)(value >> (8 * index));
            }
        }
    }
}
