using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.Msi;
using SupplyChainTools.Core.Tests.Authenticode;

namespace SupplyChainTools.Core.Tests.Msi
{
    public sealed class CompoundFileTests
    {
        internal static CompoundFile Open(byte[] bytes, CancellationToken cancellationToken = default) =>
            CompoundFile.Open(new MemoryStream(bytes, writable: false), cancellationToken);

        internal static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 31) + seed)).ToArray();

        [Fact]
        public void ReadsTheCorpusMsi()
        {
            CompoundFile file = Open(File.ReadAllBytes(InstallerCorpusTests.Fixture("signed.msi")));
            Assert.Equal(3, file.MajorVersion);
            Assert.Equal(512, file.SectorSize);
            Assert.Contains(file.Root.Children, child => child.Name == "\u0005DigitalSignature" && child.IsStream);
            Assert.Equal(file.FileLength, file.ReachedLength);
            Assert.Empty(file.UncoveredStructureData);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(4)]
        public void ReadsBothVersionsWithMiniAndRegularStreamsAndStorages(int version)
        {
            byte[] small = Pattern(100, 1), large = Pattern(10000, 2), inner = Pattern(5000, 3);
            byte[] bytes = new CompoundFileBuilder { Version = version }
                .AddStream("small", small)
                .AddStream("large", large)
                .AddStream("empty", Array.Empty<byte>())
                .AddStorage("storage", ("inner", inner), ("tiny", Pattern(3, 4)))
                .Build();
            CompoundFile file = Open(bytes);
            Assert.Equal(version, file.MajorVersion);
            Assert.Equal(version == 3 ? 512 : 4096, file.SectorSize);
            Assert.Equal(small, file.ReadStreamBytes(file.Root.Children.Single(c => c.Name == "small"), 1 << 20));
            Assert.Equal(large, file.ReadStreamBytes(file.Root.Children.Single(c => c.Name == "large"), 1 << 20));
            Assert.Empty(file.ReadStreamBytes(file.Root.Children.Single(c => c.Name == "empty"), 1 << 20)!);
            CompoundFileEntry storage = file.Root.Children.Single(c => c.Name == "storage");
            Assert.Equal(inner, file.ReadStreamBytes(storage.Children.Single(c => c.Name == "inner"), 1 << 20));
            Assert.Null(file.ReadStreamBytes(storage.Children.Single(c => c.Name == "inner"), 100));
            Assert.Equal(file.FileLength, file.ReachedLength);
            Assert.Empty(file.UncoveredStructureData);
        }

        [Fact]
        public void FollowsChainedDifatSectors()
        {
            // 200 FAT sectors more than the 109 the header lists: the rest are listed by a DIFAT sector.
            byte[] large = Pattern(70000, 5);
            byte[] bytes = new CompoundFileBuilder { ExtraFatSectors = 200 }.AddStream("large", large).Build();
            Assert.Equal(1u, BitConverter.ToUInt32(bytes, 72));
            CompoundFile file = Open(bytes);
            Assert.Equal(large, file.ReadStreamBytes(file.Root.Children.Single(), 1 << 20));
            Assert.Empty(file.UncoveredStructureData);

            // An unused slot of the DIFAT sector that holds a value could carry data no signature covers.
            long difatSector = (BitConverter.ToUInt32(bytes, 68) + 1L) * 512;
            BitConverter.GetBytes(0x41414141u).CopyTo(bytes, difatSector + 500);
            Assert.Contains(Open(bytes).UncoveredStructureData, message => message.Contains("unused DIFAT entries"));
        }

        [Fact]
        public void CountsBytesPastTheLastSectorInUse()
        {
            byte[] bytes = new CompoundFileBuilder().AddStream("a", Pattern(6000, 6)).Build();
            byte[] appended = bytes.Concat(new byte[70000]).ToArray();
            CompoundFile file = Open(appended);
            Assert.Equal(bytes.Length, file.ReachedLength);
            Assert.Equal(appended.Length, file.FileLength);
        }

        [Fact]
        public void LoopingChainIsRefused()
        {
            byte[] bytes = new CompoundFileBuilder().AddStream("large", Pattern(10000, 7)).Build();
            CompoundFile file = Open(bytes);
            uint start = file.Root.Children.Single().StartSector;

            // The stream's second sector points back at its first.
            int fatOffset = 512 + (4 * (int)(start + 1));
            BitConverter.GetBytes(start).CopyTo(bytes, fatOffset);
            var error = Assert.Throws<CompoundFileFormatException>(() => Open(bytes));
            Assert.Contains("loops back", error.Message);
        }

        [Fact]
        public void DirectoryCycleIsRefused()
        {
            byte[] bytes = new CompoundFileBuilder().AddStream("a", Pattern(10, 8)).AddStream("b", Pattern(10, 9)).Build();
            long directory = (BitConverter.ToUInt32(bytes, 48) + 1L) * 512;

            // Entry 2 ("b") gets entry 1 ("a") as its right sibling: a -> b -> a.
            BitConverter.GetBytes(1u).CopyTo(bytes, directory + (2 * 128) + 72);
            var error = Assert.Throws<CompoundFileFormatException>(() => Open(bytes));
            Assert.Contains("already in the tree", error.Message);
        }

        [Fact]
        public void ChainOutsideTheFileIsRefused()
        {
            byte[] bytes = new CompoundFileBuilder().AddStream("large", Pattern(10000, 10)).Build();
            uint start = Open(bytes).Root.Children.Single().StartSector;
            BitConverter.GetBytes(0x00FFFFF0u).CopyTo(bytes, 512 + (4 * (int)start));
            var error = Assert.Throws<CompoundFileFormatException>(() => Open(bytes));
            Assert.Contains("outside the file", error.Message);
        }

        [Fact]
        public void TruncatedFileIsRefused()
        {
            byte[] bytes = new CompoundFileBuilder().AddStream("large", Pattern(10000, 11)).Build();
            Assert.Throws<CompoundFileFormatException>(() => Open(bytes.Take(bytes.Length - 1024).ToArray()));
            Assert.Throws<CompoundFileFormatException>(() => Open(bytes.Take(100).ToArray()));
        }

        [Fact]
        public void HeaderFieldsOutOfRangeAreRefused()
        {
            byte[] bytes = new CompoundFileBuilder().AddStream("a", Pattern(10, 12)).Build();
            byte[] badVersion = (byte[])bytes.Clone();
            badVersion[26] = 5;
            Assert.Contains("not a compound file version", Assert.Throws<CompoundFileFormatException>(() => Open(badVersion)).Message);

            byte[] hugeFat = (byte[])bytes.Clone();
            BitConverter.GetBytes(0x7FFFFFFFu).CopyTo(hugeFat, 44);
            Assert.Contains("FAT sectors", Assert.Throws<CompoundFileFormatException>(() => Open(hugeFat)).Message);

            byte[] badName = (byte[])bytes.Clone();
            long directory = (BitConverter.ToUInt32(bytes, 48) + 1L) * 512;
            BitConverter.GetBytes((ushort)66).CopyTo(badName, directory + 128 + 64);
            Assert.Contains("name length", Assert.Throws<CompoundFileFormatException>(() => Open(badName)).Message);
        }

        [Fact]
        public void DuplicateNamesInOneStorageAreRefused()
        {
            byte[] bytes = new CompoundFileBuilder().AddStream("Same", Pattern(10, 13)).AddStream("same", Pattern(10, 14)).Build();
            Assert.Contains("two entries named", Assert.Throws<CompoundFileFormatException>(() => Open(bytes)).Message);
        }

        [Fact]
        public void ReadingIsCancellable()
        {
            byte[] bytes = new CompoundFileBuilder().AddStream("a", Pattern(10, 15)).Build();
            using (var cancelled = new CancellationTokenSource())
            {
                cancelled.Cancel();
                Assert.ThrowsAny<OperationCanceledException>(() => Open(bytes, cancelled.Token));
            }
        }

        [Fact]
        public void NamesAreDecodedFromUtf16()
        {
            byte[] bytes = new CompoundFileBuilder().AddStream("\u0005SummaryInformation", Pattern(10, 16)).Build();
            CompoundFileEntry entry = Open(bytes).Root.Children.Single();
            Assert.Equal("\u0005SummaryInformation", entry.Name);
            Assert.Equal(Encoding.Unicode.GetBytes("\u0005SummaryInformation"), entry.NameBytes);
        }
    }
}
