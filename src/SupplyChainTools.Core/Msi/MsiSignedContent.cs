using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Msi
{
    /// <summary>
    /// What an MSI's Authenticode signature covers and where it is: the \u0005DigitalSignature stream (the PKCS#7
    /// SignedData), the optional \u0005MsiDigitalSignatureEx stream (the pre-hash of the directory metadata), and
    /// the digest over every other stream and storage in <see cref="MsiStreamOrder"/>, each storage's CLSID
    /// last.
    /// </summary>
    internal sealed class MsiSignedContent
    {
        public const string DigitalSignatureStreamName = "\u0005DigitalSignature";
        public const string DigitalSignatureExStreamName = "\u0005MsiDigitalSignatureEx";

        /// <summary>The largest signature stream read (a PKCS#7 with its chains and timestamps is far smaller).</summary>
        public const int MaximumSignatureLength = 16 * 1024 * 1024;

        private const int MaximumPreHashLength = 64;
        private const int ClsidOffset = 80;
        private const int StateBitsOffset = 96;
        private const int TimesOffset = 100;

        private readonly CompoundFile _file;

        public MsiSignedContent(CompoundFile file)
        {
            _file = file;
            SignatureEntry = Find(DigitalSignatureStreamName);
            PreHashEntry = Find(DigitalSignatureExStreamName);
        }

        public CompoundFileEntry? SignatureEntry { get; }

        public CompoundFileEntry? PreHashEntry { get; }

        /// <summary>The bytes past the last sector the compound file uses (the CVE-2020-1464 "GlueBall" place); no signature covers them.</summary>
        public long UncoveredTrailingBytes => _file.FileLength - _file.ReachedLength;

        /// <summary>Data inside the structure's unused parts that [MS-CFB] says must be empty and no signature covers.</summary>
        public IReadOnlyList<string> UncoveredStructureData => _file.UncoveredStructureData;

        public byte[]? ReadSignature() => SignatureEntry == null ? null : _file.ReadStreamBytes(SignatureEntry, MaximumSignatureLength);

        /// <summary>The stored MsiDigitalSignatureEx value; null when the stream is absent or too long to be a digest.</summary>
        public byte[]? ReadStoredPreHash() => PreHashEntry == null ? null : _file.ReadStreamBytes(PreHashEntry, MaximumPreHashLength);

        /// <summary>The pre-hash: the digest of every entry's name, CLSID or size, state bits and times, in digest order.</summary>
        public byte[] ComputePreHash(HashAlgorithmName algorithm)
        {
            using (HashAlgorithm hash = DigestAlgorithms.Create(algorithm))
            {
                AppendMetadata(hash, _file.Root, depth: 0);
                hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                return hash.Hash!;
            }
        }

        /// <summary>The Authenticode digest: the pre-hash first when the file has the MsiDigitalSignatureEx stream, then the content.</summary>
        public byte[] ComputeDigest(HashAlgorithmName algorithm)
        {
            using (HashAlgorithm hash = DigestAlgorithms.Create(algorithm))
            {
                if (PreHashEntry != null)
                {
                    Append(hash, ComputePreHash(algorithm));
                }

                AppendContent(hash, _file.Root, depth: 0);
                hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                return hash.Hash!;
            }
        }

        private static void Append(HashAlgorithm hash, byte[] data) => hash.TransformBlock(data, 0, data.Length, null, 0);

        private static void Append(HashAlgorithm hash, ArraySegment<byte> data) => hash.TransformBlock(data.Array!, data.Offset, data.Count, null, 0);

        private static bool IsSignatureStream(CompoundFileEntry entry) =>
            entry.Name == DigitalSignatureStreamName || entry.Name == DigitalSignatureExStreamName;

        private static IEnumerable<CompoundFileEntry> ChildrenInDigestOrder(CompoundFileEntry storage, int depth) =>
            storage.Children.Where(child => depth > 0 || !IsSignatureStream(child)).OrderBy(child => child, MsiStreamOrder.Instance);

        private CompoundFileEntry? Find(string name) =>
            _file.Root.Children.FirstOrDefault(child => child.Name == name && child.IsStream);

        private void AppendContent(HashAlgorithm hash, CompoundFileEntry storage, int depth)
        {
            foreach (CompoundFileEntry child in ChildrenInDigestOrder(storage, depth))
            {
                if (child.IsStream)
                {
                    _file.ReadStream(child, (buffer, offset, count) => hash.TransformBlock(buffer, offset, count, null, 0));
                }
                else
                {
                    AppendContent(hash, child, depth + 1);
                }
            }

            Append(hash, storage.RawField(ClsidOffset, 16));
        }

        private void AppendMetadata(HashAlgorithm hash, CompoundFileEntry entry, int depth)
        {
            AppendEntryMetadata(hash, entry);
            foreach (CompoundFileEntry child in ChildrenInDigestOrder(entry, depth))
            {
                if (child.IsStream)
                {
                    AppendEntryMetadata(hash, child);
                }
                else
                {
                    AppendMetadata(hash, child, depth + 1);
                }
            }
        }

        private static void AppendEntryMetadata(HashAlgorithm hash, CompoundFileEntry entry)
        {
            if (!entry.IsRoot)
            {
                Append(hash, entry.NameBytes);
            }

            // A stream contributes the low 32 bits of its size where a storage contributes its CLSID.
            Append(hash, entry.IsStream ? entry.RawField(120, 4) : entry.RawField(ClsidOffset, 16));
            Append(hash, entry.RawField(StateBitsOffset, 4));
            if (!entry.IsRoot)
            {
                Append(hash, entry.RawField(TimesOffset, 16));
            }
        }
    }
}
