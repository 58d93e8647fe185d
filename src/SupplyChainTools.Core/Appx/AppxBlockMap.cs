using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Xml;
using SupplyChainTools.Core.Archives;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Appx
{
    /// <summary>
    /// Checks every file of an APPX/MSIX package against AppxBlockMap.xml: each file the package holds (but the
    /// footprint files) is listed, with its size and local header size, and the hash of each 64 KiB block of its
    /// uncompressed content matches. The signature covers the block map (AXBM), so this extends it to every byte.
    /// </summary>
    internal static class AppxBlockMap
    {
        public const int BlockSize = 64 * 1024;
        private const int MaximumBlocksPerFile = 1 << 22;

        private static readonly HashSet<string> Footprint = new HashSet<string>(StringComparer.Ordinal)
        {
            AppxPackage.ContentTypesFileName, AppxPackage.BlockMapFileName, AppxPackage.SignatureFileName, AppxPackage.CodeIntegrityFileName,
        };

        /// <summary>The problems found (empty when every file matches); throws <see cref="ZipFormatException"/> when the block map cannot be read.</summary>
        public static List<string> Verify(AppxPackage package, Stream stream, CancellationToken cancellationToken)
        {
            byte[] content = package.ReadPart(stream, AppxPackage.BlockMapFileName, cancellationToken)
                ?? throw new ZipFormatException("The package has no " + AppxPackage.BlockMapFileName + ".");
            var problems = new List<string>();
            var listed = new HashSet<string>(StringComparer.Ordinal);
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
            try
            {
                using (XmlReader reader = XmlReader.Create(new MemoryStream(content), settings))
                {
                    HashAlgorithmName algorithm = default;
                    while (reader.Read())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (reader.NodeType != XmlNodeType.Element)
                        {
                            continue;
                        }

                        if (reader.LocalName == "BlockMap")
                        {
                            algorithm = AlgorithmOf(reader.GetAttribute("HashMethod"));
                        }
                        else if (reader.LocalName == "File")
                        {
                            VerifyFile(package, stream, reader, algorithm, listed, problems, cancellationToken);
                        }
                    }
                }
            }
            catch (XmlException exception)
            {
                throw new ZipFormatException(AppxPackage.BlockMapFileName + " is not valid XML (line " + exception.LineNumber + "): " + exception.Message);
            }
            catch (FormatException exception) when (!(exception is ZipFormatException))
            {
                throw new ZipFormatException(AppxPackage.BlockMapFileName + " is malformed: " + exception.Message);
            }

            foreach (ZipEntryRecord entry in package.Layout.Entries)
            {
                if (!Footprint.Contains(entry.Name) && !listed.Contains(entry.Name) && !entry.Name.EndsWith("/", StringComparison.Ordinal))
                {
                    problems.Add("The file '" + entry.Name + "' is not listed in the block map, so no signed hash covers it.");
                }
            }

            return problems;
        }

        private static HashAlgorithmName AlgorithmOf(string? uri)
        {
            switch (uri)
            {
                case "http://www.w3.org/2001/04/xmlenc#sha256": return HashAlgorithmName.SHA256;
                case "http://www.w3.org/2001/04/xmldsig-more#sha384": return HashAlgorithmName.SHA384;
                case "http://www.w3.org/2001/04/xmlenc#sha512": return HashAlgorithmName.SHA512;
                default: throw new FormatException("its HashMethod '" + uri + "' is not SHA-256, SHA-384 or SHA-512.");
            }
        }

        private static void VerifyFile(AppxPackage package, Stream stream, XmlReader reader, HashAlgorithmName algorithm, HashSet<string> listed, List<string> problems, CancellationToken cancellationToken)
        {
            if (algorithm == default)
            {
                throw new FormatException("a File element comes outside the BlockMap element.");
            }

            string name = (reader.GetAttribute("Name") ?? string.Empty).Replace('\\', '/');
            long size = long.Parse(reader.GetAttribute("Size") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
            string? localHeaderSize = reader.GetAttribute("LfhSize");
            var expected = new List<byte[]>();
            if (!reader.IsEmptyElement)
            {
                using (XmlReader blocks = reader.ReadSubtree())
                {
                    while (blocks.Read())
                    {
                        if (blocks.NodeType == XmlNodeType.Element && blocks.LocalName == "Block")
                        {
                            if (expected.Count >= MaximumBlocksPerFile)
                            {
                                throw new FormatException("the file '" + name + "' lists more than " + MaximumBlocksPerFile + " blocks.");
                            }

                            expected.Add(Convert.FromBase64String(blocks.GetAttribute("Hash") ?? string.Empty));
                        }
                    }
                }
            }

            if (!listed.Add(name))
            {
                problems.Add("The block map lists '" + name + "' more than once.");
                return;
            }

            ZipEntryRecord? entry = package.Layout.Find(name);
            if (entry == null)
            {
                problems.Add("The block map lists '" + name + "', which the package does not hold.");
                return;
            }

            if (entry.UncompressedSize != size || (localHeaderSize != null && localHeaderSize != entry.LocalHeaderLength.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                problems.Add("The file '" + name + "' is " + entry.UncompressedSize + " bytes with a " + entry.LocalHeaderLength + "-byte local header; the block map says " + size + " and " + (localHeaderSize ?? "?") + ".");
                return;
            }

            long blockCount = (size + BlockSize - 1) / BlockSize;
            if (blockCount != expected.Count)
            {
                problems.Add("The block map lists " + expected.Count + " blocks for '" + name + "', which needs " + blockCount + ".");
                return;
            }

            int mismatch = FirstMismatchingBlock(package, stream, entry, algorithm, expected, cancellationToken);
            if (mismatch >= 0)
            {
                problems.Add("Block " + (mismatch + 1) + " of '" + name + "' does not match its hash in the block map: the file was changed after it was signed.");
            }
        }

        private static int FirstMismatchingBlock(AppxPackage package, Stream stream, ZipEntryRecord entry, HashAlgorithmName algorithm, List<byte[]> expected, CancellationToken cancellationToken)
        {
            var buffer = new byte[BlockSize];
            try
            {
                using (Stream data = ZipArchiveReader.OpenEntry(stream, entry))
                {
                    for (int block = 0; block < expected.Count; block++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        int filled = 0;
                        int read;
                        while (filled < BlockSize && (read = data.Read(buffer, filled, BlockSize - filled)) > 0)
                        {
                            filled += read;
                        }

                        byte[] actual = DigestAlgorithms.Hash(algorithm, new ReadOnlyMemory<byte>(buffer, 0, filled));
                        if (!DigestAlgorithms.FixedTimeEquals(actual, expected[block]))
                        {
                            return block;
                        }
                    }

                    return data.ReadByte() >= 0 ? expected.Count - 1 : -1;
                }
            }
            catch (InvalidDataException)
            {
                return 0;
            }
        }
    }
}
