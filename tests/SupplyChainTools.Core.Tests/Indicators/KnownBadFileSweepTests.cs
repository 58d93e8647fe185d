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
    }
}
