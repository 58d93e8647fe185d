using SupplyChainTools.Core.Trust;
using Xunit;

namespace SupplyChainTools.Core.Tests.Trust
{
    public sealed class ThumbprintTests
    {
        [Theory]
        [InlineData("ab cd:EF 01", "ABCDEF01")]
        [InlineData(" 0a:1B\t2c ", "0A1B2C")]
        public void Normalize_DropsSpacesAndColons_AndUpperCases(string input, string expected)
        {
            Assert.Equal(expected, Thumbprint.Normalize(input));
        }

        [Theory]
        [InlineData(40, true)]
        [InlineData(64, true)]
        [InlineData(39, false)]
        [InlineData(41, false)]
        [InlineData(0, false)]
        public void IsWellFormed_TakesSha1AndSha256Lengths(int digits, bool expected)
        {
            Assert.Equal(expected, Thumbprint.IsWellFormed(new string('A', digits)));
        }

        [Fact]
        public void IsWellFormed_RefusesNonHex()
        {
            Assert.False(Thumbprint.IsWellFormed(new string('G', 40)));
        }
    }
}
