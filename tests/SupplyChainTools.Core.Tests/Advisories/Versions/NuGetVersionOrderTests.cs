using System;
using SupplyChainTools.Core.Advisories.Versions;

namespace SupplyChainTools.Core.Tests.Advisories.Versions
{
    /// <summary>NuGet's version order (NuGet.Versioning 6.7.0 itself), checked pair by pair on the upstream vectors, and the order the advisories need from it.</summary>
    public sealed class NuGetVersionOrderTests
    {
        private static readonly string[] Versions =
        {
            "1", "1.0", "1.0.0", "1.0.0.0", "1.0.0.1", "1.0.1", "1.00.01", "1.0.0-alpha", "1.0.0-ALPHA", "1.0.0-alpha.1", "1.0.0-alpha.10",
            "1.0.0-alpha.2", "1.0.0-beta", "1.0.0-beta01", "1.0.0-beta02", "1.0.0-rc.1", "1.0.0-1", "1.0.0-a-b", "1.0.0+metadata",
            "1.0.0-alpha+metadata", "2.0.0", "8.0.0", "8.0.3", "8.0.4", "8.0.0-preview.1.23110.8", "8.0.0-rc.2.23479.6", "10.0.0", "1.2.3.4",
            "4.3.0.999999999",
        };

        [Fact]
        public void EveryPair_AgreesWithNuGetVersioning()
        {
            foreach (string a in Versions)
            {
                foreach (string b in Versions)
                {
                    int expected = Math.Sign(global::NuGet.Versioning.NuGetVersion.Parse(a).CompareTo(global::NuGet.Versioning.NuGetVersion.Parse(b)));
                    Assert.True(expected == Math.Sign(NuGetVersionOrder.Parse(a)!.CompareTo(NuGetVersionOrder.Parse(b))), $"{a} vs {b}: NuGet.Versioning says {expected}");
                }
            }
        }

        [Theory]
        [InlineData("1.0.0-alpha", "1.0.0")]
        [InlineData("1.0.0-alpha.2", "1.0.0-alpha.10")]
        [InlineData("1.0.0-ALPHA.1", "1.0.0-beta")]
        [InlineData("8.0.0-rc.2.23479.6", "8.0.0")]
        [InlineData("1.2.3", "1.2.3.1")]
        [InlineData("9.0.0", "10.0.0")]
        public void Ordered_AsNuGetOrdersThem(string lower, string higher)
        {
            Assert.True(NuGetVersionOrder.Parse(lower)!.CompareTo(NuGetVersionOrder.Parse(higher)) < 0);
            Assert.True(NuGetVersionOrder.Parse(higher)!.CompareTo(NuGetVersionOrder.Parse(lower)) > 0);
            Assert.Equal(0, NuGetVersionOrder.Parse("1.0.0-Alpha+x")!.CompareTo(NuGetVersionOrder.Parse("1.0.0-alpha")));
        }

        [Theory]
        [InlineData("1.0.0.0.0")]
        [InlineData("1.a")]
        [InlineData("")]
        [InlineData("1.0.0-")]
        [InlineData("1.0.0-a..b")]
        [InlineData("latest")]
        [InlineData("1.2147483648.0")]
        public void NotNuGetVersions_AreNotParsed_AsTheLibraryAgrees(string text)
        {
            Assert.Null(NuGetVersionOrder.Parse(text));
            Assert.False(global::NuGet.Versioning.NuGetVersion.TryParse(text, out _));
        }
    }
}
