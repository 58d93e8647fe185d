using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Indicators;
using SupplyChainTools.Core.Tests.FileSystem;

namespace SupplyChainTools.Core.Tests.Indicators
{
    /// <summary>The indicator fixtures (tests/fixtures/indicators): each format finds the samples it lists, by the algorithm it lists them with.</summary>
    public sealed class IndicatorFileReaderTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        internal static string Fixture(params string[] parts) => Path.Combine(new[] { AppContext.BaseDirectory, "fixtures", "indicators" }.Concat(parts).ToArray());

        private static string Hash(HashAlgorithm algorithm, string sample) => HexConverter.ToUpperHex(algorithm.ComputeHash(File.ReadAllBytes(Fixture("samples", sample))));

        [Fact]
        public void PlainList_GivesItsHashesAndTheActionCommit_AndCountsTheRest()
        {
            var set = new IndicatorSet();
            IndicatorFileSummary summary = IndicatorFileReader.Read(Fixture("hashes.txt"), set, default);

            Assert.Equal(IndicatorFileReader.HashListFormat, summary.Format);
            Assert.Equal(2, summary.FileHashes);
            Assert.Equal(1, summary.Commits);
            Assert.Equal(2, summary.IgnoredLines);
            Assert.Equal(4, summary.FirstIgnoredLine);
            Indicator a = set.FindFileHash("SHA256", Hash(SHA256.Create(), "sample-a.bin"))!;
            Assert.Equal("sample-a (test sample listed by SHA-256)", a.Name);
            Assert.EndsWith("hashes.txt:3", a.Source);
            Assert.Equal("samples/sample-b.bin", set.FindFileHash("sha-256", Hash(SHA256.Create(), "sample-b.bin").ToLowerInvariant())!.Name);
            Assert.Null(set.FindFileHash("SHA256", Hash(SHA256.Create(), "clean.txt")));
        }

        [Fact]
        public void MalwareBazaarCsv_UsesItsCommentedHeader_AndQuotedCells()
        {
            var set = new IndicatorSet();
            IndicatorFileSummary summary = IndicatorFileReader.Read(Fixture("malwarebazaar.csv"), set, default);

            Assert.Equal(IndicatorFileReader.CsvFormat, summary.Format);
            Assert.Equal(1, summary.IgnoredLines);
            Indicator c = set.FindFileHash("MD5", Hash(MD5.Create(), "sample-c.bin"))!;
            Assert.Equal("sample-c.bin", c.Name);
            Assert.Equal(new[] { "SHA256", "SHA1", "MD5" }, set.Algorithms);
        }

        [Fact]
        public void StixBundle_GivesPatternHashesAndFileObjectHashes()
        {
            var set = new IndicatorSet();
            IndicatorFileSummary summary = IndicatorFileReader.Read(Fixture("bundle.stix.json"), set, default);

            Assert.Equal(IndicatorFileReader.StixFormat, summary.Format);
            Assert.Equal(3, summary.FileHashes);
            Indicator d = set.FindFileHash("SHA1", Hash(SHA1.Create(), "sample-d.bin"))!;
            Assert.Equal("Test dropper", d.Name);
            Assert.Contains("indicator--8e2e2d2b", d.Source);
            Assert.Equal("sample-e.bin", set.FindFileHash("SHA256", Hash(SHA256.Create(), "sample-e.bin"))!.Name);
        }

        [Fact]
        public void KnownBadAction_IsAnsweredByRepositoryAndCommit()
        {
            var set = new IndicatorSet();
            IndicatorFileReader.Read(Fixture("hashes.txt"), set, default);
            const string Sha = "0e58ed8671d6b60d0890c21b07f8835ace038e67";

            Assert.NotNull(set.FindKnownBadAction("tj-actions/changed-files", Sha));
            Assert.NotNull(set.FindKnownBadAction("TJ-Actions/Changed-Files", Sha.ToUpperInvariant()));
            Assert.NotNull(set.FindKnownBadAction("tj-actions/changed-files@" + Sha));
            Assert.NotNull(set.FindKnownBadAction("tj-actions/changed-files/sub/path@" + Sha));
            Assert.Null(set.FindKnownBadAction("someone/else", Sha));
            Assert.Null(set.FindKnownBadAction("tj-actions/changed-files@v45"));
            Assert.Null(set.FindKnownBadAction("tj-actions/changed-files", "0e58ed8"));
        }

        [Fact]
        public void ABareSha1InAHashList_IsAlsoAKnownBadCommitForAnyRepository()
        {
            string list = _temp.WriteFile("list.txt", "0e58ed8671d6b60d0890c21b07f8835ace038e67\n");
            var set = new IndicatorSet();
            IndicatorFileReader.Read(list, set, default);

            Assert.NotNull(set.FindKnownBadAction("any/repo", "0e58ed8671d6b60d0890c21b07f8835ace038e67"));
            Assert.NotNull(set.FindFileHash("SHA1", "0E58ED8671D6B60D0890C21B07F8835ACE038E67"));
        }

        [Fact]
        public void AStixFileThatIsNotJson_IsOneErrorNamingFileAndLine()
        {
            string bad = _temp.WriteFile("bad.json", "{\n\"type\": \"bundle\",\n\"objects\": [\n");
            IndicatorFileException error = Assert.Throws<IndicatorFileException>(() => IndicatorFileReader.Read(bad, new IndicatorSet(), default));
            Assert.Equal(4, error.Line);
            Assert.Contains("bad.json", error.Message);
        }

        [Fact]
        public void AStixFileWithCommentsOrDeepNesting_IsOneError()
        {
            string commented = _temp.WriteFile("commented.json", "{\n\"type\": \"bundle\", // no comments in JSON\n\"objects\": []}");
            Assert.Equal(2, Assert.Throws<IndicatorFileException>(() => IndicatorFileReader.Read(commented, new IndicatorSet(), default)).Line);
            string deep = _temp.WriteFile("deep.json", new string('[', 10_000) + new string(']', 10_000));
            Assert.Contains("deep.json", Assert.Throws<IndicatorFileException>(() => IndicatorFileReader.Read(deep, new IndicatorSet(), default)).Message);
        }

        [Fact]
        public void StixIndicators_NameTheLineOfTheirObject()
        {
            string sha256 = new string('c', 64);
            string bundle = _temp.WriteFile("lines.json", "{\"type\": \"bundle\", \"objects\": [\n{\"type\": \"identity\", \"id\": \"identity--1\"},\n{\"type\": \"indicator\",\n \"id\": \"indicator--2\", \"pattern\": \"[file:hashes.'SHA-256' = '" + sha256 + "']\"}]}");
            var set = new IndicatorSet();
            IndicatorFileReader.Read(bundle, set, default);
            Assert.EndsWith("lines.json:4 indicator--2", set.FindFileHash("SHA256", sha256)!.Source);
        }

        [Fact]
        public void CsvWithoutAHeader_TriesEveryCell()
        {
            string md5 = new string('a', 32);
            string csv = _temp.WriteFile("plain.csv", $"x,{md5},y\nnothing,here\n");
            var set = new IndicatorSet();
            IndicatorFileSummary summary = IndicatorFileReader.Read(csv, set, default);

            Assert.NotNull(set.FindFileHash("MD5", md5));
            Assert.Equal(1, summary.IgnoredLines);
        }

        [Fact]
        public void CsvLabelledColumn_RefusesADigestOfTheWrongLength()
        {
            string md5 = new string('a', 32);
            string csv = _temp.WriteFile("labelled.csv", $"sha256,name\n{md5},wrong length\n{new string('b', 64)},right\n");
            var set = new IndicatorSet();
            IndicatorFileSummary summary = IndicatorFileReader.Read(csv, set, default);

            Assert.Null(set.FindFileHash("MD5", md5));
            Assert.Equal("right", set.FindFileHash("SHA256", new string('b', 64))!.Name);
            Assert.Equal(1, summary.IgnoredLines);
            Assert.Equal(2, summary.FirstIgnoredLine);
        }

        [Fact]
        public void AnIndicatorFileThatIsNotARegularFile_IsRefused()
        {
            Assert.ThrowsAny<IOException>(() => IndicatorFileReader.Read(_temp.Path, new IndicatorSet(), default));
        }
    }
}
