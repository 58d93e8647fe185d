using System;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Tests.Hashing
{
    public class HexConverterTests
    {
        [Theory]
        [InlineData("")]
        [InlineData("00FF7a")]
        [InlineData("0123456789abcdefABCDEF")]
        public void FromHexIsTheInverseOfToUpperHex(string hex) =>
            Assert.Equal(hex.ToUpperInvariant(), HexConverter.ToUpperHex(HexConverter.FromHex(hex)));

        [Theory]
        [InlineData("ABC")]
        [InlineData("0G")]
        [InlineData("AB-CD")]
        public void FromHexRefusesWhatIsNotHex(string text) =>
            Assert.Throws<FormatException>(() => HexConverter.FromHex(text));
    }
}
