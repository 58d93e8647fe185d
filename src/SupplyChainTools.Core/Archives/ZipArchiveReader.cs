using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace SupplyChainTools.Core.Archives
{
    /// <summary>
    /// Reads the structure of a zip archive from the APPNOTE specification: the end-of-central-directory record (and
    /// the ZIP64 locator and record), the central directory and, on request, each entry's local header, so that
    /// signature formats built on zip (APPX/MSIX, NuGet packages) can hash exact byte ranges. Every count and length
    /// is bounded, every loop honours the cancellation token, and anything out of place is a <see cref="ZipFormatException"/>.
    /// </summary>
    internal static class ZipArchiveReader
    {
        public const int DefaultMaximumEntries = 200_000;
        public const long MaximumCentralDirectorySize = 256L * 1024 * 1024;

        private const uint LocalHeaderSignature = 0x04034b50;
        private const uint CentralHeaderSignature = 0x02014b50;
        private const uint EndOfCentralDirectorySignature = 0x06054b50;
        private const uint Zip64EndOfCentralDirectorySignature = 0x06064b50;
        private const uint Zip64LocatorSignature = 0x07064b50;
        private const uint DataDescriptorSignature = 0x08074b50;
        private const int EndOfCentralDirectoryFixedLength = 22;
        private const int Zip64LocatorLength = 20;
        private const int Zip64RecordFixedLength = 56;
        private const int MaximumZip64RecordLength = 64 * 1024;
        private const int CentralHeaderFixedLength = 46;
        private const int LocalHeaderFixedLength = 30;
        private const int CopyBufferSize = 81920;

        private static readonly Encoding Latin1 = Encoding.GetEncoding("ISO-8859-1");

        /// <summary>Reads the archive's structure from a readable, seekable stream.</summary>
        public static ZipArchiveLayout Read(Stream stream, CancellationToken cancellationToken, int maximumEntries = DefaultMaximumEntries)
        {
            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            var layout = new ZipArchiveLayout { FileLength = stream.Length };
            FindEndOfCentralDirectory(stream, layout);
            byte[] eocd = layout.EndOfCentralDirectory;
            ushort diskNumber = ReadUInt16(eocd, 4);
            ushort centralDirectoryDisk = ReadUInt16(eocd, 6);
            long entriesOnDisk = ReadUInt16(eocd, 8);
            long totalEntries = ReadUInt16(eocd, 10);
            long centralDirectorySize = ReadUInt32(eocd, 12);
            long centralDirectoryOffset = ReadUInt32(eocd, 16);
            long centralDirectoryEnd = layout.EndOfCentralDirectoryOffset;

            if (ReadZip64(stream, layout))
            {
                byte[] record = layout.Zip64EndOfCentralDirectory!;
                diskNumber = (ushort)Math.Min(ReadUInt32(record, 16), ushort.MaxValue);
                centralDirectoryDisk = (ushort)Math.Min(ReadUInt32(record, 20), ushort.MaxValue);
                entriesOnDisk = CheckedLength(ReadUInt64(record, 24), "ZIP64 entry count");
                totalEntries = CheckedLength(ReadUInt64(record, 32), "ZIP64 entry count");
                centralDirectorySize = CheckedLength(ReadUInt64(record, 40), "ZIP64 central directory size");
                centralDirectoryOffset = CheckedLength(ReadUInt64(record, 48), "ZIP64 central directory offset");
                centralDirectoryEnd = layout.Zip64EndOfCentralDirectoryOffset;
            }

            if (diskNumber != 0 || centralDirectoryDisk != 0 || entriesOnDisk != totalEntries)
            {
                throw new ZipFormatException("The archive spans several disks, which is not supported.");
            }

            if (totalEntries > maximumEntries)
            {
                throw new ZipFormatException("The archive lists " + totalEntries + " entries, more than the limit of " + maximumEntries + ".");
            }

            if (centralDirectorySize > MaximumCentralDirectorySize || centralDirectoryOffset + centralDirectorySize != centralDirectoryEnd)
            {
                throw new ZipFormatException("The central directory (offset " + centralDirectoryOffset + ", " + centralDirectorySize + " bytes) does not end where the end-of-central-directory record begins (offset " + centralDirectoryEnd + ").");
            }

            layout.CentralDirectoryOffset = centralDirectoryOffset;
            layout.CentralDirectorySize = centralDirectorySize;
            byte[] directory = ReadExactly(stream, centralDirectoryOffset, (int)centralDirectorySize, cancellationToken);
            layout.Entries = ReadCentralDirectory(directory, centralDirectoryOffset, (int)totalEntries, cancellationToken);
            return layout;
        }

        /// <summary>Reads the entry's local header: its length, the end of its data (and data descriptor); checks it against the central record.</summary>
        public static void ReadLocalHeader(Stream stream, ZipArchiveLayout layout, ZipEntryRecord entry)
        {
            if (entry.LocalHeaderOffset + LocalHeaderFixedLength > layout.CentralDirectoryOffset)
            {
                throw new ZipFormatException("The local header of '" + entry.Name + "' (offset " + entry.LocalHeaderOffset + ") lies outside the file data.");
            }

            byte[] header = ReadExactly(stream, entry.LocalHeaderOffset, LocalHeaderFixedLength, CancellationToken.None);
            if (ReadUInt32(header, 0) != LocalHeaderSignature)
            {
                throw new ZipFormatException("There is no local file header for '" + entry.Name + "' at offset " + entry.LocalHeaderOffset + ".");
            }

            int nameLength = ReadUInt16(header, 26);
            int extraLength = ReadUInt16(header, 28);
            byte[] name = ReadExactly(stream, entry.LocalHeaderOffset + LocalHeaderFixedLength, nameLength, CancellationToken.None);
            if (DecodeName(name, ReadUInt16(header, 6)) != entry.Name)
            {
                throw new ZipFormatException("The local file header at offset " + entry.LocalHeaderOffset + " names a different file than the central directory ('" + entry.Name + "').");
            }

            if (ReadUInt16(header, 8) != entry.CompressionMethod)
            {
                throw new ZipFormatException("The local and central headers of '" + entry.Name + "' disagree on the compression method.");
            }

            entry.LocalFlags = ReadUInt16(header, 6);
            entry.LocalCrc32 = ReadUInt32(header, 14);
            entry.LocalCompressedSize = ReadUInt32(header, 18);
            entry.LocalUncompressedSize = ReadUInt32(header, 22);
            entry.LocalHeaderLength = LocalHeaderFixedLength + nameLength + extraLength;
            entry.LocalExtraFieldLength = extraLength;
            long end = entry.DataOffset + entry.CompressedSize;
            if (entry.HasDataDescriptor)
            {
                end += DataDescriptorLength(stream, end, entry, layout);
            }

            if (end > layout.CentralDirectoryOffset)
            {
                throw new ZipFormatException("The data of '" + entry.Name + "' runs past the start of the central directory.");
            }

            entry.EntryEndOffset = end;
        }

        /// <summary>Opens the entry's uncompressed content (stored or deflated) over the archive stream, which must outlive it.</summary>
        public static Stream OpenEntry(Stream stream, ZipEntryRecord entry)
        {
            if (entry.IsEncrypted)
            {
                throw new ZipFormatException("The entry '" + entry.Name + "' is encrypted.");
            }

            var raw = new ZipRangeStream(stream, entry.DataOffset, entry.CompressedSize);
            switch (entry.CompressionMethod)
            {
                case 0:
                    return raw;
                case 8:
                    return new System.IO.Compression.DeflateStream(raw, System.IO.Compression.CompressionMode.Decompress);
                default:
                    throw new ZipFormatException("The entry '" + entry.Name + "' uses compression method " + entry.CompressionMethod + ", which is not supported.");
            }
        }

        /// <summary>The entry's whole uncompressed content, refused when it is over <paramref name="maximumLength"/> or not the size its header states.</summary>
        public static byte[] ReadEntry(Stream stream, ZipEntryRecord entry, long maximumLength, CancellationToken cancellationToken)
        {
            if (entry.UncompressedSize > maximumLength)
            {
                throw new ZipFormatException("The entry '" + entry.Name + "' is " + entry.UncompressedSize + " bytes, larger than the limit of " + maximumLength + ".");
            }

            var content = new byte[entry.UncompressedSize];
            using (Stream data = OpenEntry(stream, entry))
            {
                int offset = 0;
                try
                {
                    while (offset < content.Length)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        int read = data.Read(content, offset, Math.Min(CopyBufferSize, content.Length - offset));
                        if (read <= 0)
                        {
                            break;
                        }

                        offset += read;
                    }

                    if (offset != content.Length || data.ReadByte() >= 0)
                    {
                        throw new ZipFormatException("The entry '" + entry.Name + "' does not decompress to the " + entry.UncompressedSize + " bytes its header states.");
                    }
                }
                catch (InvalidDataException exception)
                {
                    throw new ZipFormatException("The entry '" + entry.Name + "' cannot be decompressed: " + exception.Message);
                }
            }

            return content;
        }

        /// <summary>Feeds <paramref name="length"/> bytes of the stream from <paramref name="start"/> into <paramref name="hash"/>.</summary>
        public static void HashRange(Stream stream, long start, long length, HashAlgorithm hash, CancellationToken cancellationToken)
        {
            var buffer = new byte[CopyBufferSize];
            stream.Position = start;
            long remaining = length;
            while (remaining > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read <= 0)
                {
                    throw new ZipFormatException("The archive ended inside the range at offset " + start + ".");
                }

                hash.TransformBlock(buffer, 0, read, null, 0);
                remaining -= read;
            }
        }

        internal static ushort ReadUInt16(byte[] data, int offset) => (ushort)(data[offset] | (data[offset + 1] << 8));

        internal static uint ReadUInt32(byte[] data, int offset) => (uint)(data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24));

        internal static ulong ReadUInt64(byte[] data, int offset) => ReadUInt32(data, offset) | ((ulong)ReadUInt32(data, offset + 4) << 32);

        internal static byte[] ReadExactly(Stream stream, long offset, int length, CancellationToken cancellationToken)
        {
            if (offset < 0 || length < 0 || offset + length > stream.Length)
            {
                throw new ZipFormatException("The archive ends before the " + length + " bytes expected at offset " + offset + ".");
            }

            var bytes = new byte[length];
            stream.Position = offset;
            int done = 0;
            while (done < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = stream.Read(bytes, done, Math.Min(CopyBufferSize, length - done));
                if (read <= 0)
                {
                    throw new ZipFormatException("The archive ended at offset " + (offset + done) + ".");
                }

                done += read;
            }

            return bytes;
        }

        private static void FindEndOfCentralDirectory(Stream stream, ZipArchiveLayout layout)
        {
            long length = stream.Length;
            int window = (int)Math.Min(length, EndOfCentralDirectoryFixedLength + ushort.MaxValue);
            if (window < EndOfCentralDirectoryFixedLength)
            {
                throw new ZipFormatException("The file is too short (" + length + " bytes) to be a zip archive.");
            }

            byte[] tail = ReadExactly(stream, length - window, window, CancellationToken.None);
            for (int position = window - EndOfCentralDirectoryFixedLength; position >= 0; position--)
            {
                if (ReadUInt32(tail, position) != EndOfCentralDirectorySignature)
                {
                    continue;
                }

                int commentLength = ReadUInt16(tail, position + 20);
                if (position + EndOfCentralDirectoryFixedLength + commentLength > window)
                {
                    continue;
                }

                int recordLength = EndOfCentralDirectoryFixedLength + commentLength;
                layout.EndOfCentralDirectoryOffset = length - window + position;
                layout.EndOfCentralDirectoryLength = recordLength;
                layout.EndOfCentralDirectory = new byte[recordLength];
                Array.Copy(tail, position, layout.EndOfCentralDirectory, 0, recordLength);
                return;
            }

            throw new ZipFormatException("The file has no end-of-central-directory record, so it is not a zip archive.");
        }

        private static bool ReadZip64(Stream stream, ZipArchiveLayout layout)
        {
            long locatorOffset = layout.EndOfCentralDirectoryOffset - Zip64LocatorLength;
            if (locatorOffset < 0)
            {
                return false;
            }

            byte[] locator = ReadExactly(stream, locatorOffset, Zip64LocatorLength, CancellationToken.None);
            if (ReadUInt32(locator, 0) != Zip64LocatorSignature)
            {
                return false;
            }

            long recordOffset = CheckedLength(ReadUInt64(locator, 8), "ZIP64 record offset");
            if (recordOffset + Zip64RecordFixedLength > locatorOffset)
            {
                throw new ZipFormatException("The ZIP64 locator points outside the archive (offset " + recordOffset + ").");
            }

            byte[] fixedPart = ReadExactly(stream, recordOffset, Zip64RecordFixedLength, CancellationToken.None);
            long recordLength = CheckedLength(ReadUInt64(fixedPart, 4), "ZIP64 record size") + 12;
            if (ReadUInt32(fixedPart, 0) != Zip64EndOfCentralDirectorySignature || recordLength < Zip64RecordFixedLength
                || recordLength > MaximumZip64RecordLength || recordOffset + recordLength != locatorOffset)
            {
                throw new ZipFormatException("The ZIP64 end-of-central-directory record at offset " + recordOffset + " is invalid or is not followed by its locator.");
            }

            layout.Zip64Locator = locator;
            layout.Zip64EndOfCentralDirectoryOffset = recordOffset;
            layout.Zip64EndOfCentralDirectory = ReadExactly(stream, recordOffset, (int)recordLength, CancellationToken.None);
            return true;
        }

        private static List<ZipEntryRecord> ReadCentralDirectory(byte[] directory, long directoryOffset, int count, CancellationToken cancellationToken)
        {
            var entries = new List<ZipEntryRecord>(Math.Min(count, 4096));
            int position = 0;
            for (int index = 0; index < count; index++)
            {
                if ((index & 0xFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (position + CentralHeaderFixedLength > directory.Length || ReadUInt32(directory, position) != CentralHeaderSignature)
                {
                    throw new ZipFormatException("Central directory record " + (index + 1) + " (offset " + (directoryOffset + position) + ") is missing or damaged.");
                }

                int nameLength = ReadUInt16(directory, position + 28);
                int extraLength = ReadUInt16(directory, position + 30);
                int commentLength = ReadUInt16(directory, position + 32);
                int recordLength = CentralHeaderFixedLength + nameLength + extraLength + commentLength;
                if (position + recordLength > directory.Length)
                {
                    throw new ZipFormatException("Central directory record " + (index + 1) + " runs past the end of the central directory.");
                }

                var nameBytes = new byte[nameLength];
                Array.Copy(directory, position + CentralHeaderFixedLength, nameBytes, 0, nameLength);
                ushort flags = ReadUInt16(directory, position + 8);
                var entry = new ZipEntryRecord
                {
                    Name = DecodeName(nameBytes, flags),
                    Flags = flags,
                    CompressionMethod = ReadUInt16(directory, position + 10),
                    Crc32 = ReadUInt32(directory, position + 16),
                    CompressedSize = ReadUInt32(directory, position + 20),
                    UncompressedSize = ReadUInt32(directory, position + 24),
                    LocalHeaderOffset = ReadUInt32(directory, position + 42),
                    CentralRecordOffset = directoryOffset + position,
                    CentralRecordLength = recordLength,
                    CentralExtraFieldLength = extraLength,
                    CommentLength = commentLength,
                    DiskNumberStart = ReadUInt16(directory, position + 34),
                    InternalAttributes = ReadUInt16(directory, position + 36),
                    ExternalAttributes = ReadUInt32(directory, position + 38),
                };
                ApplyZip64Field(directory, position + CentralHeaderFixedLength + nameLength, extraLength, entry);
                if (entry.LocalHeaderOffset >= directoryOffset)
                {
                    throw new ZipFormatException("The entry '" + entry.Name + "' has its local header at offset " + entry.LocalHeaderOffset + ", inside or after the central directory.");
                }

                entries.Add(entry);
                position += recordLength;
            }

            if (position != directory.Length)
            {
                throw new ZipFormatException("The central directory holds " + (directory.Length - position) + " bytes after its " + count + " records.");
            }

            return entries;
        }

        private static void ApplyZip64Field(byte[] directory, int start, int length, ZipEntryRecord entry)
        {
            int position = start;
            int end = start + length;
            while (position + 4 <= end)
            {
                ushort id = ReadUInt16(directory, position);
                int size = ReadUInt16(directory, position + 2);
                int data = position + 4;
                if (data + size > end)
                {
                    throw new ZipFormatException("An extra field of '" + entry.Name + "' runs past its record.");
                }

                if (id == 1)
                {
                    int cursor = data;
                    long Next(string what)
                    {
                        if (cursor + 8 > data + size)
                        {
                            throw new ZipFormatException("The ZIP64 field of '" + entry.Name + "' is too short for its " + what + ".");
                        }

                        long value = CheckedLength(ReadUInt64(directory, cursor), "ZIP64 " + what);
                        cursor += 8;
                        return value;
                    }

                    if (entry.UncompressedSize == uint.MaxValue) entry.UncompressedSize = Next("size");
                    if (entry.CompressedSize == uint.MaxValue) entry.CompressedSize = Next("compressed size");
                    if (entry.LocalHeaderOffset == uint.MaxValue) entry.LocalHeaderOffset = Next("offset");
                    entry.UsesZip64 = true;
                }

                position = data + size;
            }
        }

        private static int DataDescriptorLength(Stream stream, long offset, ZipEntryRecord entry, ZipArchiveLayout layout)
        {
            int sizeLength = entry.UsesZip64 ? 8 : 4;
            if (offset + 4 > layout.CentralDirectoryOffset)
            {
                throw new ZipFormatException("The data descriptor of '" + entry.Name + "' lies outside the file data.");
            }

            bool signed = ReadUInt32(ReadExactly(stream, offset, 4, CancellationToken.None), 0) == DataDescriptorSignature;
            return (signed ? 4 : 0) + 4 + (2 * sizeLength);
        }

        private static string DecodeName(byte[] name, ushort flags) =>
            (flags & 0x0800) != 0 ? Encoding.UTF8.GetString(name) : Latin1.GetString(name);

        private static long CheckedLength(ulong value, string what)
        {
            if (value > long.MaxValue / 2)
            {
                throw new ZipFormatException("The " + what + " " + value + " is out of range.");
            }

            return (long)value;
        }
    }
}
