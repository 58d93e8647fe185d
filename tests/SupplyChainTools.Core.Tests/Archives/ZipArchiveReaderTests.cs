using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using SupplyChainTools.Core.Archives;
using SupplyChainTools.Core.Tests.Authenticode;

namespace SupplyChainTools.Core.Tests.Archives
{
    public sealed class ZipArchiveReaderTests
    {
        internal static byte[] MakeZip(params (string Name, string Content, CompressionLevel Level)[] entries)
        {
            var memory = new MemoryStream();
            using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach ((string name, string content, CompressionLevel level) in entries)
                {
                    using Stream stream = archive.CreateEntry(name, level).Open();
                    byte[] bytes = Encoding.UTF8.GetBytes(content);
                    stream.Write(bytes, 0, bytes.Length);
                }
            }

            return memory.ToArray();
        }

        [Fact]
        public void ReadsEntriesTheirRangesAndContent()
        {
            string big = string.Concat(Enumerable.Repeat("block of text ", 10000));
            byte[] zip = MakeZip(("a.txt", "hello", CompressionLevel.NoCompression), ("dir/b.txt", big, CompressionLevel.Optimal));
            using var stream = new MemoryStream(zip);
            ZipArchiveLayout layout = ZipArchiveReader.Read(stream, default);

            Assert.Equal(new[] { "a.txt", "dir/b.txt" }, layout.Entries.Select(entry => entry.Name));
            Assert.False(layout.IsZip64);
            Assert.Equal(zip.Length, layout.EndOfCentralDirectoryOffset + layout.EndOfCentralDirectoryLength);
            foreach (ZipEntryRecord entry in layout.Entries)
            {
                ZipArchiveReader.ReadLocalHeader(stream, layout, entry);
            }

            Assert.Equal(0, layout.Entries[0].LocalHeaderOffset);
            Assert.Equal(layout.Entries[1].LocalHeaderOffset, layout.Entries[0].EntryEndOffset);
            Assert.Equal(layout.CentralDirectoryOffset, layout.Entries[1].EntryEndOffset);
            Assert.Equal("hello", Encoding.UTF8.GetString(ZipArchiveReader.ReadEntry(stream, layout.Entries[0], 100, default)));
            Assert.Equal(big, Encoding.UTF8.GetString(ZipArchiveReader.ReadEntry(stream, layout.Entries[1], 1 << 20, default)));
            Assert.Equal(8, layout.Entries[1].CompressionMethod);
            Assert.Throws<ZipFormatException>(() => ZipArchiveReader.ReadEntry(stream, layout.Entries[1], 1000, default));
        }

        [Fact]
        public void ReadsZip64EndRecordsOfRealPackages()
        {
            using FileStream stream = File.OpenRead(Path.Combine(AuthenticodeTestEnvironment.FixturesFolder, "appx", "signed.256appx"));
            ZipArchiveLayout layout = ZipArchiveReader.Read(stream, default);
            Assert.True(layout.IsZip64);
            Assert.Contains(layout.Entries, entry => entry.UsesZip64);
            Assert.Equal("AppxSignature.p7x", layout.Entries[layout.Entries.Count - 1].Name);
        }

        [Fact]
        public void RefusesDamagedArchivesWithAClearMessage()
        {
            byte[] zip = MakeZip(("a.txt", "hello", CompressionLevel.NoCompression));
            Assert.Contains("no end-of-central-directory", Refuse(Encoding.ASCII.GetBytes("not a zip at all, just some text.")));
            Assert.Contains("too short", Refuse(new byte[] { 0x50, 0x4B }));

            byte[] badDirectory = (byte[])zip.Clone();
            int central = FindSignature(badDirectory, 0x02014b50);
            badDirectory[central] = 0;
            Assert.Contains("Central directory record 1", Refuse(badDirectory));

            byte[] hugeCount = (byte[])zip.Clone();
            int end = FindSignature(hugeCount, 0x06054b50);
            hugeCount[end + 8] = 0xFF;
            hugeCount[end + 10] = 0xFF;
            Assert.Contains("Central directory record 2", Refuse(hugeCount));
            Assert.Contains("more than the limit", Refuse(zip, maximumEntries: 0));

            byte[] badOffset = (byte[])zip.Clone();
            badOffset[end + 16] ^= 0x01;
            Assert.Contains("does not end where", Refuse(badOffset));
        }

        [Fact]
        public void HonoursCancellation()
        {
            byte[] zip = MakeZip(("a.txt", "hello", CompressionLevel.NoCompression));
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => ZipArchiveReader.Read(new MemoryStream(zip), cancelled.Token));
        }

        [Fact]
        public void HashesExactRanges()
        {
            byte[] zip = MakeZip(("a.txt", "hello", CompressionLevel.NoCompression));
            using var hash = SHA256.Create();
            ZipArchiveReader.HashRange(new MemoryStream(zip), 3, 10, hash, default);
            hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            Assert.Equal(SHA256.HashData(zip.AsSpan(3, 10)), hash.Hash);
            Assert.Throws<ZipFormatException>(() => ZipArchiveReader.HashRange(new MemoryStream(zip), zip.Length - 2, 10, SHA256.Create(), default));
        }

        private static string Refuse(byte[] bytes, int maximumEntries = ZipArchiveReader.DefaultMaximumEntries) =>
            Assert.Throws<ZipFormatException>(() => ZipArchiveReader.Read(new MemoryStream(bytes), default, maximumEntries)).Message;

        private static int FindSignature(byte[] data, uint signature)
        {
            for (int i = data.Length - 4; i >= 0; i--)
            {
                if (BitConverter.ToUInt32(data, i) == signature)
                {
                    return i;
                }
            }

            throw new InvalidOperationException("signature not found");
        }
    }
}
