using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Tests.Checksums;

namespace SupplyChainTools.Core.Tests.Hashing
{
    /// <summary>Manifest → expectations → checks, on the real fixture files, the way Test-FileIntegrity runs them.</summary>
    public sealed class FileIntegrityCheckerTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private static List<FileIntegrityCheck> CheckManifest(string manifestPath, string? algorithm = null)
        {
            ChecksumManifest manifest = ChecksumManifestParser.Load(manifestPath, algorithm);
            string baseDirectory = Path.GetDirectoryName(manifestPath)!;
            return manifest.Entries
                .Select(e => new IntegrityExpectation(ChecksumEntryPath.Resolve(baseDirectory, e.RelativePath), e.AlgorithmLabel, e.Algorithm, e.ExpectedHash, manifestPath, e.LineNumber))
                .Select(x => FileIntegrityChecker.Check(x))
                .ToList();
        }

        [Fact]
        public void GnuManifest_FourMatches_AndMissingForTheFileNotDownloaded()
        {
            string manifest = ChecksumManifestParserTests.Fixture("SHA256SUMS");

            List<FileIntegrityCheck> checks = CheckManifest(manifest);

            Assert.Equal(
                new[] { FileIntegrityStatus.Match, FileIntegrityStatus.Match, FileIntegrityStatus.Match, FileIntegrityStatus.Match, FileIntegrityStatus.Missing },
                checks.Select(c => c.Status));
            Assert.Equal(ChecksumManifestParserTests.Fixture("docs", "readme.txt"), checks[2].Path);
            Assert.Equal(ChecksumManifestParserTests.Fixture("with space.bin"), checks[3].Path);
            Assert.All(checks.Take(4), c =>
            {
                Assert.Equal(c.Expected, c.Actual);
                Assert.True(c.IsMatch);
            });

            FileIntegrityCheck missing = checks[4];
            Assert.Equal(ChecksumManifestParserTests.Fixture("not-downloaded.msi"), missing.Path);
            Assert.Null(missing.Actual);
            Assert.False(missing.IsMatch);
            Assert.Equal(manifest, missing.ChecksumFile);
            Assert.Equal(5, missing.LineNumber);
            Assert.Equal("SHA256", missing.Algorithm);
        }

        [Fact]
        public void BsdAndCrlfManifests_AllMatch_IncludingSha512()
        {
            List<FileIntegrityCheck> bsd = CheckManifest(ChecksumManifestParserTests.Fixture("SHA256SUMS.bsd"));
            List<FileIntegrityCheck> crlf = CheckManifest(ChecksumManifestParserTests.Fixture("SHA256SUMS.crlf"));

            Assert.Equal(3, bsd.Count);
            Assert.All(bsd, c => Assert.Equal(FileIntegrityStatus.Match, c.Status));
            Assert.Equal("SHA512", bsd[2].Algorithm);
            Assert.Equal(128, bsd[2].Actual!.Length);
            Assert.Equal(2, crlf.Count);
            Assert.All(crlf, c => Assert.Equal(FileIntegrityStatus.Match, c.Status));
        }

        [Fact]
        public void Sidecars_Match()
        {
            FileIntegrityCheck zip = Assert.Single(CheckManifest(ChecksumManifestParserTests.Fixture("tool-1.0.zip.sha256")));
            FileIntegrityCheck tar = Assert.Single(CheckManifest(ChecksumManifestParserTests.Fixture("tool-1.0.tar.gz.sha256")));

            Assert.Equal(FileIntegrityStatus.Match, zip.Status);
            Assert.Equal(ChecksumManifestParserTests.Fixture("tool-1.0.zip"), zip.Path);
            Assert.Equal(FileIntegrityStatus.Match, tar.Status);
        }

        [Fact]
        public void TamperedFile_IsMismatch_WithTheActualHashOfWhatIsOnDisk()
        {
            string tamperedFile = ChecksumManifestParserTests.Fixture("tampered", "tool-1.0.zip");

            FileIntegrityCheck check = Assert.Single(CheckManifest(ChecksumManifestParserTests.Fixture("tampered", "tool-1.0.zip.sha256")));

            Assert.Equal(FileIntegrityStatus.Mismatch, check.Status);
            Assert.False(check.IsMatch);
            Assert.Equal("38461A617820F05EC9B76F676DBEF07C8C43A107F225061C4D9F61EB5422221C", check.Expected);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(tamperedFile))), check.Actual);
            Assert.NotEqual(check.Expected, check.Actual);
            Assert.Equal(tamperedFile, check.Path);
        }

        [Fact]
        public void UnknownAlgorithm_IsUnsupportedAlgorithm_AndTheFileIsNotRead()
        {
            string path = Path.Combine(_temp.Path, "does-not-even-exist.bin");
            var expectation = new IntegrityExpectation(path, "SHA3-256", null, new string('a', 64));

            FileIntegrityCheck check = FileIntegrityChecker.Check(expectation);

            Assert.Equal(FileIntegrityStatus.UnsupportedAlgorithm, check.Status);
            Assert.Equal("SHA3-256", check.Algorithm);
            Assert.Null(check.Actual);
            Assert.Contains("SHA3-256", check.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void UnknownBsdAlgorithmInManifest_EndToEnd_IsUnsupportedAlgorithm()
        {
            File.Copy(ChecksumManifestParserTests.Fixture("tool-1.0.zip"), Path.Combine(_temp.Path, "tool-1.0.zip"));
            string manifest = _temp.WriteFile("SHA256SUMS", "SHA3-256 (tool-1.0.zip) = " + new string('b', 64) + "\nSHA256 (tool-1.0.zip) = 38461a617820f05ec9b76f676dbef07c8c43a107f225061c4d9f61eb5422221c\n");

            List<FileIntegrityCheck> checks = CheckManifest(manifest);

            Assert.Equal(new[] { FileIntegrityStatus.UnsupportedAlgorithm, FileIntegrityStatus.Match }, checks.Select(c => c.Status));
        }

        [Fact]
        public void ExpectedHash_IsCaseInsensitive()
        {
            string path = _temp.WriteFile("abc.txt", "abc");
            var expectation = new IntegrityExpectation(path, "SHA256", "SHA256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

            FileIntegrityCheck check = FileIntegrityChecker.Check(expectation);

            Assert.Equal(FileIntegrityStatus.Match, check.Status);
            Assert.Equal("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", check.Expected);
            Assert.Null(check.ChecksumFile);
            Assert.Null(check.LineNumber);
        }

        [Fact]
        public void OneByteChanged_IsMismatch()
        {
            string path = _temp.WriteFile("abd.txt", "abd");
            var expectation = new IntegrityExpectation(path, "SHA256", "SHA256", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");

            Assert.Equal(FileIntegrityStatus.Mismatch, FileIntegrityChecker.Check(expectation).Status);
        }

        [Fact]
        public void FileInMissingFolder_IsMissing()
        {
            var expectation = new IntegrityExpectation(Path.Combine(_temp.Path, "gone", "x.bin"), "SHA256", "SHA256", new string('a', 64));

            Assert.Equal(FileIntegrityStatus.Missing, FileIntegrityChecker.Check(expectation).Status);
        }

        [Fact]
        public void Directory_IsUnreadable_NotAnException()
        {
            string dir = Path.Combine(_temp.Path, "folder");
            Directory.CreateDirectory(dir);

            FileIntegrityCheck check = FileIntegrityChecker.Check(new IntegrityExpectation(dir, "SHA256", "SHA256", new string('a', 64)));

            Assert.Equal(FileIntegrityStatus.Unreadable, check.Status);
            Assert.Null(check.Actual);
        }

        [Fact]
        public void Cancellation_IsNotTurnedIntoAStatus()
        {
            string path = _temp.WriteFile("c.bin", "abc");
            using var cts = new System.Threading.CancellationTokenSource();
            cts.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() => FileIntegrityChecker.Check(new IntegrityExpectation(path, "SHA256", "SHA256", new string('a', 64)), cts.Token));
        }

        [Fact]
        public void StatusValues_AreTheDocumentedStrings()
        {
            Assert.Equal("Match", FileIntegrityStatus.Match);
            Assert.Equal("Mismatch", FileIntegrityStatus.Mismatch);
            Assert.Equal("Missing", FileIntegrityStatus.Missing);
            Assert.Equal("Unreadable", FileIntegrityStatus.Unreadable);
            Assert.Equal("UnsupportedAlgorithm", FileIntegrityStatus.UnsupportedAlgorithm);
        }
    }
}
