using System;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Indicators;

namespace SupplyChainTools.Core.Tests.Indicators
{
    public sealed class KnownBadFileSweepTests
    {
        [Fact]
        public void EverySampleIsFound_ByTheAlgorithmItsListUses_AndTheCleanFileIsNot()
        {
            string[] lists = { "hashes.txt", "malwarebazaar.csv", "bundle.stix.json" };
            IndicatorSet set = IndicatorSet.Read(lists.Select(l => IndicatorFileReaderTests.Fixture(l)), (ex, path) => throw ex, null, default);
            var sweep = new KnownBadFileSweep(set);
            Assert.Equal(new[] { "SHA256", "SHA1", "MD5" }, sweep.Algorithms);

            var found = FileWalker.Walk(IndicatorFileReaderTests.Fixture("samples"), new FileWalkOptions(), default)
                .Select(entry => sweep.Check(entry.Path, default))
                .SelectMany(result => result.Matches)
                .ToDictionary(match => Path.GetFileName(match.Path), match => match.Algorithm);

            Assert.Equal("SHA256", found["sample-a.bin"]);
            Assert.Equal("SHA256", found["sample-b.bin"]);
            Assert.Equal("MD5", found["sample-c.bin"]);
            Assert.Equal("SHA1", found["sample-d.bin"]);
            Assert.Equal("SHA256", found["sample-e.bin"]);
            Assert.False(found.ContainsKey("clean.txt"));
        }

        [Fact]
        public void OnlyTheAlgorithmsTheIndicatorsUse_AreComputed()
        {
            IndicatorSet set = IndicatorSet.Read(new[] { IndicatorFileReaderTests.Fixture("hashes.txt") }, (ex, path) => throw ex, null, default);
            Assert.Equal(new[] { "SHA256" }, new KnownBadFileSweep(set).Algorithms); // the owner/repo@commit line is a commit, not a file SHA-1
        }
        [Fact]
        public void WorkflowsAndActions_PinnedToAKnownBadCommit_AreFoundWithTheirLine()
        {
            IndicatorSet set = IndicatorSet.Read(new[] { IndicatorFileReaderTests.Fixture("hashes.txt") }, (ex, path) => throw ex, null, default);
            var sweep = new KnownBadFileSweep(set);

            var found = FileWalker.Walk(IndicatorFileReaderTests.Fixture("workflows"), new FileWalkOptions { Recurse = true }, default)
                .SelectMany(entry => sweep.Check(entry.Path, default).Matches)
                .OrderBy(match => match.Line)
                .ToList();

            Assert.Equal(new int?[] { 8, 18 }, found.Select(m => m.Line));
            Assert.Equal(new[] { "action.yml", "changed-files.yml" }, found.Select(m => Path.GetFileName(m.Path)));
            Assert.All(found, m => Assert.Equal("tj-actions/changed-files", m.Action));
            Assert.All(found, m => Assert.Equal(KnownBadFileMatch.GitCommit, m.Algorithm));
            Assert.All(found, m => Assert.Equal("0e58ed8671d6b60d0890c21b07f8835ace038e67", m.Hash));
            Assert.All(found, m => Assert.EndsWith("hashes.txt:7", m.IndicatorSource));
        }

        [Fact]
        public void AWorkflowThatIsNotYaml_IsOneErrorNamingIt_AndOtherFilesAreNotAffected()
        {
            using var temp = new TempDirectory();
            string workflow = temp.WriteFile(".github/workflows/bad.yml", "jobs: [unclosed\n");
            IndicatorSet set = IndicatorSet.Read(new[] { IndicatorFileReaderTests.Fixture("hashes.txt") }, (ex, path) => throw ex, null, default);
            var error = Assert.ThrowsAny<Exception>(() => new KnownBadFileSweep(set).Check(workflow, default));
            Assert.Contains("bad.yml", error.Message);
            Assert.Empty(new KnownBadFileSweep(set).Check(IndicatorFileReaderTests.Fixture("samples", "clean.txt"), default).Matches);
        }
    }
}
