using System;
using System.Linq;
using SupplyChainTools.Core.Advisories.Versions;

namespace SupplyChainTools.Core.Tests.Advisories.Versions
{
    /// <summary>SemVer 2.0.0 precedence: the specification's own examples, and agreement with Semver 3.0.0 (the approved library, used here as the oracle).</summary>
    public sealed class SemanticVersionTests
    {
        private static readonly string[] Versions =
        {
            "0.0.0", "0.0.1", "0.1.0", "1.0.0-0", "1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
            "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0-Rc.1", "1.0.0-x-y-z.--", "1.0.0", "1.0.0+build.7",
            "1.0.1", "1.2.0", "1.10.0", "2.0.0", "10.0.0", "0.7.29", "0.7.30", "0.8.0", "0.8.1", "1.0.1-alpha+001",
            "99999999999999999999.0.0",
        };

        [Fact]
        public void SpecificationExample_IsInOrder()
        {
            // semver.org, rule 11.
            string[] ordered = { "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0" };
            for (int i = 1; i < ordered.Length; i++)
            {
                Assert.True(SemanticVersion.Parse(ordered[i - 1])!.CompareTo(SemanticVersion.Parse(ordered[i])) < 0, ordered[i - 1] + " < " + ordered[i]);
            }
        }

        [Fact]
        public void EveryPair_AgreesWithTheSemverLibrary()
        {
            foreach (string a in Versions)
            {
                foreach (string b in Versions)
                {
                    int expected = Math.Sign(Semver.SemVersion.ComparePrecedence(Semver.SemVersion.Parse(a, Semver.SemVersionStyles.Strict), Semver.SemVersion.Parse(b, Semver.SemVersionStyles.Strict)));
                    Assert.True(expected == SemanticVersion.Parse(a)!.CompareTo(SemanticVersion.Parse(b)), $"{a} vs {b}: Semver says {expected}");
                }
            }
        }

        [Theory]
        [InlineData("1.0")]
        [InlineData("01.0.0")]
        [InlineData("1.0.0-01")]
        [InlineData("1.0.0-")]
        [InlineData("1.0.0+")]
        [InlineData("1.0.0-a..b")]
        [InlineData("1.0.0.0")]
        [InlineData("latest")]
        [InlineData("")]
        public void NotSemanticVersions_AreNotParsed_AsTheLibraryAgrees(string text)
        {
            Assert.Null(SemanticVersion.Parse(text));
            Assert.False(Semver.SemVersion.TryParse(text, Semver.SemVersionStyles.Strict, out _));
        }

        [Fact]
        public void GoStyleLeadingV_IsAccepted()
        {
            Assert.Equal(0, SemanticVersion.Parse("v1.2.3")!.CompareTo(SemanticVersion.Parse("1.2.3")));
        }
    }
}
