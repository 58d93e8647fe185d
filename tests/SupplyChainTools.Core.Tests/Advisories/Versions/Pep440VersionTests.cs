using System;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Advisories.Versions;

namespace SupplyChainTools.Core.Tests.Advisories.Versions
{
    /// <summary>PEP 440 against pypa/packaging's own test vectors (tests/fixtures/versions).</summary>
    public sealed class Pep440VersionTests
    {
        private static string[] Vectors(string name) => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "fixtures", "versions", name))
            .Where(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal)).ToArray();

        [Fact]
        public void PackagingsOrderedList_SortsInItsOwnOrder()
        {
            string[] ordered = Vectors("pep440-order.txt");
            Assert.Equal(92, ordered.Length);
            Pep440Version[] parsed = ordered.Select(v => Pep440Version.Parse(v) ?? throw new Xunit.Sdk.XunitException($"'{v}' did not parse")).ToArray();
            for (int i = 0; i < parsed.Length; i++)
            {
                for (int j = 0; j < parsed.Length; j++)
                {
                    int expected = Math.Sign(i.CompareTo(j));
                    Assert.True(expected == Math.Sign(parsed[i].CompareTo(parsed[j])), $"{ordered[i]} vs {ordered[j]}: expected {expected}");
                }
            }
        }

        [Fact]
        public void PackagingsInvalidVersions_AreNotParsed()
        {
            string[] invalid = Vectors("pep440-invalid.txt").Concat(new[] { "\u0660\u0661\u0662.\u0663\u0664\u0665.\u0666\u0667\u0668\u0669", "1.0+\u0130" }).ToArray();
            Assert.Equal(20, invalid.Length);
            foreach (string version in invalid)
            {
                Assert.True(Pep440Version.Parse(version) == null, $"'{version}' should not parse");
            }
        }

        [Theory]
        [InlineData("1.0rc1", "1.0c1")]
        [InlineData("1.0-5", "1.0.post5")]
        [InlineData("1.0-r5", "1.0.post5")]
        [InlineData("1.0ALPHA1", "1.0a1")]
        [InlineData("v1.0", "1.0")]
        [InlineData("   v1.0\t\n", "1.0")]
        [InlineData("00!1.2", "1.2")]
        [InlineData("1.01", "1.1")]
        [InlineData("1.0", "1.0.0.0")]
        [InlineData("1.0+AbC", "1.0+abc")]
        [InlineData("\u202F1.0\t\u2029\n ", "1.0")]
        public void NormalisedSpellings_CompareEqual(string spelling, string normal)
        {
            Assert.Equal(0, Pep440Version.Parse(spelling)!.CompareTo(Pep440Version.Parse(normal)));
        }

        [Fact]
        public void HugeNumbers_CompareAsNumbers()
        {
            Assert.True(Pep440Version.Parse("1.99999999999999999999999")!.CompareTo(Pep440Version.Parse("1.100000000000000000000000")) < 0);
        }
    }
}
