using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>
    /// The parts of a PE file that Authenticode needs, read with a bounded hand parser: every offset
    /// and length taken from the file is checked against the file's length before it is used.
    /// </summary>
    internal sealed class PeImage
    {
        private const int PageSize = 4096;
        private const int SectionHeaderSize = 40;
        private const int CertificateTableDirectoryIndex = 4;
        private const long MaxCertificateTableSize = 64L * 1024 * 1024;
        private const long MaxPeHeaderOffset = 16L * 1024 * 1024;
        private const int MaxSizeOfHeadersForPageHashes = 1024 * 1024;
        private const ushort WinCertificateRevision2 = 0x0200;
        private const ushort WinCertificateRevision1 = 0x0100;
        private const ushort WinCertificateTypePkcsSignedData = 0x0002;

        private readonly List<PeSection> _sections;

        private PeImage(long fileLength, int checkSumOffset, int certificateDirectoryEntryOffset, long headersEnd, int sizeOfHeaders, List<PeSection> sections)
        {
            FileLength = fileLength;
            CheckSumOffset = checkSumOffset;
            CertificateDirectoryEntryOffset = certificateDirectoryEntryOffset;
            HeadersEnd = headersEnd;
            SizeOfHeaders = sizeOfHeaders;
            _sections = sections;
        }

        public long FileLength { get; }

        public int CheckSumOffset { get; }

        /// <summary>File offset of the certificate-table data-directory entry, or -1 when the optional header has no such entry.</summary>
        public int CertificateDirectoryEntryOffset { get; }

        public long HeadersEnd { get; }

        public int SizeOfHeaders { get; }

        public long CertificateTableOffset { get; private set; }

        public long CertificateTableSize { get; private set; }

        public bool HasCertificateTable => CertificateTableSize != 0 || CertificateTableOffset != 0;

        private bool CertificateTableFitsFile => HasCertificateTable && CertificateTableOffset >= HeadersEnd && CertificateTableOffset + CertificateTableSize <= FileLength;

        /// <summary>Parses the headers. Returns null with <paramref name="failure"/> set when the stream is not a usable PE.</summary>
        public static PeImage? TryParse(Stream stream, out PeParseFailure? failure)
        {
            failure = null;
            long fileLength = stream.Length;
            byte[] start = ReadAt(stream, 0, (int)Math.Min(fileLength, 64));
            if (start.Length < 2 || start[0] != (byte)'M' || start[1] != (byte)'Z')
            {
                failure = PeParseFailure.NotPe(FileFormatSniffer.Describe(start));
                return null;
            }

            if (start.Length < 64)
            {
                failure = PeParseFailure.Malformed("The file is too short to hold a DOS header.");
                return null;
            }

            long peOffset = BitConverter.ToUInt32(start, 0x3C);
            if (peOffset > MaxPeHeaderOffset)
            {
                failure = PeParseFailure.Malformed("The PE header offset " + peOffset + " is implausibly large.");
                return null;
            }

            if (peOffset + 24 > fileLength)
            {
                failure = PeParseFailure.Malformed("The PE header offset points past the end of the file.");
                return null;
            }

            byte[] coff = ReadAt(stream, peOffset, 24);
            if (coff[0] != (byte)'P' || coff[1] != (byte)'E' || coff[2] != 0 || coff[3] != 0)
            {
                failure = PeParseFailure.NotPe("an MS-DOS executable without a PE header");
                return null;
            }

            int numberOfSections = BitConverter.ToUInt16(coff, 6);
            int sizeOfOptionalHeader = BitConverter.ToUInt16(coff, 20);
            long optionalHeaderOffset = peOffset + 24;
            long sectionTableOffset = optionalHeaderOffset + sizeOfOptionalHeader;
            long headersEnd = sectionTableOffset + ((long)numberOfSections * SectionHeaderSize);
            if (headersEnd > fileLength)
            {
                failure = PeParseFailure.Malformed("The PE optional header or section table extends past the end of the file.");
                return null;
            }

            if (sizeOfOptionalHeader < 2)
            {
                failure = PeParseFailure.Malformed("The PE file has no optional header.");
                return null;
            }

            byte[] headers = ReadAt(stream, 0, (int)headersEnd);
            int optional = (int)optionalHeaderOffset;
            ushort magic = BitConverter.ToUInt16(headers, optional);
            bool isPe32Plus;
            if (magic == 0x10b)
            {
                isPe32Plus = false;
            }
            else if (magic == 0x20b)
            {
                isPe32Plus = true;
            }
            else
            {
                failure = PeParseFailure.Malformed("The PE optional header magic 0x" + magic.ToString("X4") + " is neither PE32 nor PE32+.");
                return null;
            }

            int numberOfRvaAndSizesOffset = isPe32Plus ? 108 : 92;
            int dataDirectoryOffset = isPe32Plus ? 112 : 96;
            if (sizeOfOptionalHeader < numberOfRvaAndSizesOffset + 4)
            {
                failure = PeParseFailure.Malformed("The PE optional header is too short.");
                return null;
            }

            int checkSumOffset = optional + 64;
            int sizeOfHeaders = (int)Math.Min(BitConverter.ToUInt32(headers, optional + 60), int.MaxValue);
            uint numberOfRvaAndSizes = BitConverter.ToUInt32(headers, optional + numberOfRvaAndSizesOffset);
            int entryOffsetInOptionalHeader = dataDirectoryOffset + (CertificateTableDirectoryIndex * 8);
            bool hasDirectoryEntry = numberOfRvaAndSizes > CertificateTableDirectoryIndex && sizeOfOptionalHeader >= entryOffsetInOptionalHeader + 8;

            var sections = new List<PeSection>(numberOfSections);
            for (int i = 0; i < numberOfSections; i++)
            {
                int sectionHeader = (int)sectionTableOffset + (i * SectionHeaderSize);
                sections.Add(new PeSection(BitConverter.ToUInt32(headers, sectionHeader + 20), BitConverter.ToUInt32(headers, sectionHeader + 16)));
            }

            var image = new PeImage(fileLength, checkSumOffset, hasDirectoryEntry ? optional + entryOffsetInOptionalHeader : -1, headersEnd, sizeOfHeaders, sections);
            if (hasDirectoryEntry)
            {
                image.CertificateTableOffset = BitConverter.ToUInt32(headers, image.CertificateDirectoryEntryOffset);
                image.CertificateTableSize = BitConverter.ToUInt32(headers, image.CertificateDirectoryEntryOffset + 4);
            }

            return image;
        }

        /// <summary>
        /// Reads the certificate table and checks its shape (CVE-2013-3900): it must be the last thing in the file,
        /// its WIN_CERTIFICATE lengths rounded to 8 must add up to the directory size, padding must be zero.
        /// </summary>
        public CertificateTableReadResult ReadCertificateTable(Stream stream)
        {
            var result = new CertificateTableReadResult();
            long offset = CertificateTableOffset;
            long size = CertificateTableSize;
            if (offset == 0 || size == 0)
            {
                result.AddProblem(AuthenticodeStatus.Malformed, "The certificate table directory entry is incomplete (offset " + offset + ", size " + size + ").");
                return result;
            }

            if (offset + size > FileLength)
            {
                result.AddProblem(AuthenticodeStatus.Malformed, "The certificate table (offset " + offset + ", size " + size + ") extends past the end of the file (" + FileLength + " bytes).");
                return result;
            }

            if (offset < HeadersEnd)
            {
                result.AddProblem(AuthenticodeStatus.Malformed, "The certificate table overlaps the PE headers.");
                return result;
            }

            if (size < 8 || size > MaxCertificateTableSize)
            {
                result.AddProblem(AuthenticodeStatus.Malformed, "The certificate table size " + size + " is not plausible.");
                return result;
            }

            if (offset + size < FileLength)
            {
                result.AddProblem(AuthenticodeStatus.UnexpectedData, (FileLength - offset - size) + " bytes follow the certificate table, which must be the last thing in the file.");
            }

            for (int i = 0; i < _sections.Count; i++)
            {
                PeSection section = _sections[i];
                if (section.RawSize > 0 && offset < section.RawOffset + section.RawSize && section.RawOffset < offset + size)
                {
                    result.AddProblem(AuthenticodeStatus.UnexpectedData, "The certificate table (offset " + offset + ", size " + size + ") overlaps the raw data of section " + (i + 1) + ", which the image hash must cover.");
                    break;
                }
            }

            byte[] table = ReadAt(stream, offset, (int)size);
            int position = 0;
            int entryIndex = 0;
            while (position < table.Length)
            {
                if (table.Length - position < 8)
                {
                    result.AddProblem(AuthenticodeStatus.UnexpectedData, (table.Length - position) + " bytes at the end of the certificate table do not form a WIN_CERTIFICATE entry.");
                    break;
                }

                long length = BitConverter.ToUInt32(table, position);
                ushort revision = BitConverter.ToUInt16(table, position + 4);
                ushort certificateType = BitConverter.ToUInt16(table, position + 6);
                if (length < 8 || length > table.Length - position)
                {
                    result.AddProblem(AuthenticodeStatus.Malformed, "WIN_CERTIFICATE entry " + entryIndex + " declares length " + length + ", which does not fit the certificate table (" + (table.Length - position) + " bytes left).");
                    break;
                }

                long rounded = (length + 7) & ~7L;
                if (position + rounded > table.Length)
                {
                    result.AddProblem(AuthenticodeStatus.UnexpectedData, "The WIN_CERTIFICATE lengths rounded to 8 bytes do not add up to the certificate table size.");
                }
                else if (!IsZero(table, position + (int)length, (int)(rounded - length)))
                {
                    result.AddProblem(AuthenticodeStatus.UnexpectedData, "The padding after WIN_CERTIFICATE entry " + entryIndex + " is not zero.");
                }

                if (entryIndex == 0)
                {
                    if ((revision != WinCertificateRevision2 && revision != WinCertificateRevision1) || certificateType != WinCertificateTypePkcsSignedData)
                    {
                        result.AddProblem(AuthenticodeStatus.Malformed, "The first certificate table entry is not a PKCS#7 signature (revision 0x" + revision.ToString("X4") + ", type 0x" + certificateType.ToString("X4") + ").");
                        break;
                    }

                    result.Pkcs7 = ExtractSignedData(table, position + 8, (int)length - 8, result);
                }
                else
                {
                    result.AddProblem(AuthenticodeStatus.UnexpectedData, "The certificate table holds an extra WIN_CERTIFICATE entry (" + entryIndex + ") that no signature covers.");
                }

                position += (int)Math.Min(rounded, table.Length - position);
                entryIndex++;
            }

            return result;
        }

        /// <summary>
        /// The Authenticode image digest: the whole file except the CheckSum field, the certificate-table
        /// directory entry and, when <paramref name="excludeCertificateTable"/>, the certificate table. A file
        /// whose table is not left out is zero-padded to a multiple of 8, as signers hash an unsigned file.
        /// </summary>
        public byte[] ComputeImageDigest(Stream stream, HashAlgorithmName algorithm, bool excludeCertificateTable, CancellationToken cancellationToken)
        {
            using (var digest = new DigestAccumulator(algorithm))
            {
                var buffer = new byte[64 * 1024];
                long position = 0;
                bool tableExcluded = excludeCertificateTable && CertificateTableFitsFile;
                foreach (var hole in GetHoles(tableExcluded))
                {
                    HashRange(stream, digest, buffer, position, hole.Start - position, cancellationToken);
                    position = hole.Start + hole.Length;
                }

                HashRange(stream, digest, buffer, position, FileLength - position, cancellationToken);
                if (!tableExcluded && FileLength % 8 != 0)
                {
                    digest.Append(new byte[8], 0, (int)(8 - (FileLength % 8)));
                }

                return digest.Finish();
            }
        }

        /// <summary>
        /// Rebuilds the page-hash table the way signers lay it out: the header page (headers minus the
        /// CheckSum and certificate-directory holes, zero-filled), then each 4 KiB page of each section's
        /// raw data (zero-filled), then the end offset with a zero digest. Returns null when the section
        /// headers or the section table are inconsistent with the file.
        /// </summary>
        public byte[]? ComputePageHashes(Stream stream, HashAlgorithmName algorithm, CancellationToken cancellationToken)
        {
            if (CertificateDirectoryEntryOffset < 0 || SizeOfHeaders > FileLength || SizeOfHeaders > MaxSizeOfHeadersForPageHashes || SizeOfHeaders < CertificateDirectoryEntryOffset + 8)
            {
                return null;
            }

            var table = new MemoryStream();
            var zeroes = new byte[PageSize];
            byte[] headers = ReadAt(stream, 0, SizeOfHeaders);
            using (var digest = new DigestAccumulator(algorithm))
            {
                digest.Append(headers, 0, CheckSumOffset);
                digest.Append(headers, CheckSumOffset + 4, CertificateDirectoryEntryOffset - CheckSumOffset - 4);
                digest.Append(headers, CertificateDirectoryEntryOffset + 8, SizeOfHeaders - CertificateDirectoryEntryOffset - 8);
                digest.Append(zeroes, 0, Math.Max(0, PageSize - SizeOfHeaders));
                WriteEntry(table, 0, digest.Finish());
            }

            long lastPosition = 0;
            var page = new byte[PageSize];
            int digestLength = 0;
            foreach (PeSection section in _sections)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (section.RawSize == 0)
                {
                    continue;
                }

                if (section.RawOffset + section.RawSize > FileLength)
                {
                    return null;
                }

                for (long consumed = 0; consumed < section.RawSize; consumed += PageSize)
                {
                    int count = (int)Math.Min(PageSize, section.RawSize - consumed);
                    ReadInto(stream, section.RawOffset + consumed, page, count);
                    Array.Clear(page, count, PageSize - count);
                    byte[] pageDigest = DigestAlgorithms.Hash(algorithm, page);
                    digestLength = pageDigest.Length;
                    WriteEntry(table, section.RawOffset + consumed, pageDigest);
                }

                lastPosition = section.RawOffset + section.RawSize;
            }

            if (digestLength == 0)
            {
                digestLength = DigestAlgorithms.Hash(algorithm, Array.Empty<byte>()).Length;
            }

            WriteEntry(table, lastPosition, new byte[digestLength]);
            return table.ToArray();
        }

        private static void WriteEntry(MemoryStream table, long offset, byte[] digest)
        {
            table.Write(BitConverter.GetBytes((uint)offset), 0, 4);
            table.Write(digest, 0, digest.Length);
        }

        private IEnumerable<(long Start, long Length)> GetHoles(bool excludeCertificateTable)
        {
            yield return (CheckSumOffset, 4);
            if (CertificateDirectoryEntryOffset >= 0)
            {
                yield return (CertificateDirectoryEntryOffset, 8);
            }

            if (excludeCertificateTable)
            {
                yield return (CertificateTableOffset, CertificateTableSize);
            }
        }

        private static byte[]? ExtractSignedData(byte[] table, int start, int length, CertificateTableReadResult result)
        {
            var blob = new ReadOnlySpan<byte>(table, start, length);
            int consumed;
            try
            {
                AsnDecoder.ReadEncodedValue(blob, AsnEncodingRules.BER, out _, out _, out consumed);
            }
            catch (AsnContentException)
            {
                result.AddProblem(AuthenticodeStatus.Malformed, "The PKCS#7 signature in the certificate table is not valid ASN.1.");
                return null;
            }

            int trailing = length - consumed;
            if (trailing >= 8 || !IsZero(table, start + consumed, trailing))
            {
                result.AddProblem(AuthenticodeStatus.UnexpectedData, trailing + " bytes follow the PKCS#7 signature inside its WIN_CERTIFICATE entry.");
            }

            return blob.Slice(0, consumed).ToArray();
        }

        private static bool IsZero(byte[] buffer, int start, int count)
        {
            for (int i = start; i < start + count; i++)
            {
                if (buffer[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static void HashRange(Stream stream, DigestAccumulator digest, byte[] buffer, long start, long count, CancellationToken cancellationToken)
        {
            if (count <= 0)
            {
                return;
            }

            stream.Position = start;
            while (count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
                if (read <= 0)
                {
                    throw new EndOfStreamException("The file ended while it was being hashed.");
                }

                digest.Append(buffer, 0, read);
                count -= read;
            }
        }

        private static byte[] ReadAt(Stream stream, long offset, int count)
        {
            var buffer = new byte[count];
            ReadInto(stream, offset, buffer, count);
            return buffer;
        }

        private static void ReadInto(Stream stream, long offset, byte[] buffer, int count)
        {
            stream.Position = offset;
            int total = 0;
            while (total < count)
            {
                int read = stream.Read(buffer, total, count - total);
                if (read <= 0)
                {
                    throw new EndOfStreamException("The file ended before offset " + (offset + count) + ".");
                }

                total += read;
            }
        }
    }

    internal readonly struct PeSection
    {
        public PeSection(long rawOffset, long rawSize)
        {
            RawOffset = rawOffset;
            RawSize = rawSize;
        }

        public long RawOffset { get; }

        public long RawSize { get; }
    }

    internal sealed class PeParseFailure
    {
        private PeParseFailure(string status, string message)
        {
            Status = status;
            Message = message;
        }

        public string Status { get; }

        public string Message { get; }

        public string? DetectedFormat { get; private set; }

        public static PeParseFailure Malformed(string message) => new PeParseFailure(AuthenticodeStatus.Malformed, message);

        public static PeParseFailure NotPe(string detectedFormat) =>
            new PeParseFailure(AuthenticodeStatus.NotSupportedFileFormat, "The file is not a PE image; it looks like " + detectedFormat + ".") { DetectedFormat = detectedFormat };
    }

    internal sealed class CertificateTableReadResult
    {
        public List<(string Status, string Message)> Problems { get; } = new List<(string Status, string Message)>();

        public byte[]? Pkcs7 { get; set; }

        public void AddProblem(string status, string message) => Problems.Add((status, message));
    }

    /// <summary>Names a file's format from its first bytes, for messages about files that are not PE images.</summary>
    internal static class FileFormatSniffer
    {
        public static string Describe(byte[] start)
        {
            if (StartsWith(start, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) return "an MSI or other OLE compound file";
            if (StartsWith(start, (byte)'M', (byte)'S', (byte)'C', (byte)'F')) return "a CAB archive";
            if (StartsWith(start, (byte)'P', (byte)'K', 3, 4)) return "a ZIP archive (APPX/MSIX, NuGet or similar)";
            if (StartsWith(start, 0x7F, (byte)'E', (byte)'L', (byte)'F')) return "an ELF binary";
            if (StartsWith(start, 0xCF, 0xFA, 0xED, 0xFE) || StartsWith(start, 0xCA, 0xFE, 0xBA, 0xBE)) return "a Mach-O binary";
            if (start.Length > 0 && start[0] == 0x30) return "DER data (a catalog or PKCS#7 file)";
            if (start.Length == 0) return "an empty file";
            return "an unknown format";
        }

        public static string FileTypeOf(string description)
        {
            if (description.StartsWith("an MSI", StringComparison.Ordinal)) return "MSI";
            if (description.StartsWith("a CAB", StringComparison.Ordinal)) return "CAB";
            if (description.StartsWith("a ZIP", StringComparison.Ordinal)) return "ZIP";
            if (description.StartsWith("DER", StringComparison.Ordinal)) return "Catalog";
            return "Unknown";
        }

        private static bool StartsWith(byte[] data, params byte[] prefix)
        {
            if (data.Length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (data[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
