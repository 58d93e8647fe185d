using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Checksums;
using Xunit;

namespace SupplyChainTools.Core.Tests.Checksums
{
    public sealed class ChecksumManifestCheckTests : IDisposable
    {
        private const string Hash64 = "38461a617820f05ec9b76f676dbef07c8c43a107f225061c4d9f61eb5422221c";

        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Read_YieldsChecksAndRefusals_InLineOrder_AndAccountsForEveryLine()
        {
            string manifest = _temp.WriteFile("SHA256SUMS", "# comment\n" + Hash64 + "  a.txt\n\n" + Hash64 + "  ../x\nnot a line\n" + Hash64 + "  b.txt\n\n");

            List<ChecksumManifestItem> items = ChecksumManifestCheck.Read(manifest, null, null).ToList();

            Assert.Equal(7, items[0].ExpectedChange);
            Assert.Null(items[0].Expectation);
            Assert.Equal(_temp.Combine("a.txt"), items[1].Expectation!.Path);
            Assert.Equal(manifest, items[1].Expectation!.ChecksumFile);
            Assert.True(items[2].IsRefusal);
            Assert.False(items[3].IsRefusal);
            Assert.Equal(ChecksumProblemKind.InvalidLine, items[3].Problem!.Kind);
            Assert.Equal(_temp.Combine("b.txt"), items[4].Expectation!.Path);
            Assert.Null(items[5].Failure);
            Assert.Equal(2, items.Sum(i => i.ExpectedChange));
        }

        [Fact]
        public void Read_EntriesAreRelativeToTheBaseFolder_WhenOneIsGiven()
        {
            string manifest = _temp.WriteFile("sums/SHA256SUMS", Hash64 + "  a.txt\n");
            Directory.CreateDirectory(_temp.Combine("files"));

            ChecksumManifestItem check = ChecksumManifestCheck.Read(manifest, _temp.Combine("files"), null).Single(i => i.Expectation != null);

            Assert.Equal(_temp.Combine("files", "a.txt"), check.Expectation!.Path);
        }

        [UnixFact]
        public void Read_AnEntryThatLeadsOutThroughASymbolicLink_IsRefused_NotChecked()
        {
            string outside = _temp.WriteFile("secret.txt", "s");
            string manifest = _temp.WriteFile("app/SHA256SUMS", Hash64 + "  link.txt\n");
            File.CreateSymbolicLink(_temp.Combine("app", "link.txt"), outside);

            List<ChecksumManifestItem> items = ChecksumManifestCheck.Read(manifest, null, null).ToList();

            Assert.DoesNotContain(items, i => i.Expectation != null);
            ChecksumManifestItem refused = Assert.Single(items, i => i.Problem != null);
            Assert.True(refused.IsRefusal);
            Assert.Contains("symbolic link", refused.Problem!.Message);
        }

        [Fact]
        public void Read_AMissingManifest_IsOneFailure()
        {
            string missing = _temp.Combine("nope.sums");

            ChecksumManifestItem item = Assert.Single(ChecksumManifestCheck.Read(missing, null, null));

            FileNotFoundException failure = Assert.IsType<FileNotFoundException>(item.Failure);
            Assert.Equal($"The checksum file '{missing}' does not exist.", failure.Message);
            Assert.Equal(0, item.ExpectedChange);
        }

        [Fact]
        public void Read_AManifestWithNoChecksumLine_EndsWithAnEmptyFailure()
        {
            string manifest = _temp.WriteFile("SHA256SUMS", "# only a comment\n");

            List<ChecksumManifestItem> items = ChecksumManifestCheck.Read(manifest, null, null).ToList();

            Assert.IsType<ChecksumManifestEmptyException>(items.Last().Failure);
            Assert.Equal(0, items.Sum(i => i.ExpectedChange));
        }

        [Fact]
        public void Read_ABinaryFile_IsAnInvalidManifest()
        {
            string manifest = _temp.WriteFile("SHA256SUMS", new byte[] { 1, 0, 2 });

            Assert.IsType<ChecksumManifestException>(Assert.Single(ChecksumManifestCheck.Read(manifest, null, null)).Failure);
        }
    }
}
