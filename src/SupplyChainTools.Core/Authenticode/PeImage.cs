using System;
using System.Collections.Generic;
using System.IO;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>
    /// The parts of a PE file that Authenticode needs, read with a bounded hand parser: every offset
    /// and length taken from the file is checked against the file's length before it is used.
    /// </summary>
    internal sealed partial class PeImage
    {
        private const int SectionHeaderSize = 40;
        private const int CertificateTableDirectoryIndex = 4;
        private const long MaxPeHeaderOffset = 16L * 1024 * 1024;

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
}
