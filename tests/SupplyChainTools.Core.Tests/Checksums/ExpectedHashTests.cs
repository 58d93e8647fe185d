using System;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.Hashing;
using Xunit;

namespace SupplyChainTools.Core.Tests.Checksums
{
    public sealed class ExpectedHashTests
    {
        private const string Sha256 = "38461a617820f05ec9b76f676dbef07c8c43a107f225061c4d9f61eb5422221c";

        [Fact]
        public void Parse_InfersTheAlgorithmFromTheLength_AndUpperCases()
        {
            ExpectedHash hash = ExpectedHash.Parse("  " + Sha256 + " ", null);

            Assert.Equal(SupportedHashAlgorithms.SHA256, hash.Algorithm);
            Assert.Equal(Sha256.ToUpperInvariant(), hash.Hex);
        }

        [Fact]
        public void Parse_TakesTheGivenAlgorithm()
        {
            Assert.Equal(SupportedHashAlgorithms.SHA1, ExpectedHash.Parse(new string('a', 40), "sha1").Algorithm);
        }

        [Theory]
        [InlineData("xyz", null, "-ExpectedHash 'xyz' is not a hexadecimal hash.")]
        [InlineData("abc", null, "-ExpectedHash has 3 hex digits, which matches no supported algorithm; give -Algorithm.")]
        [InlineData(Sha256, "SHA1", "-ExpectedHash has 64 hex digits; a SHA1 hash has 40.")]
        public void Parse_RefusesWhatCannotBeChecked_SayingWhy(string text, string? algorithm, string message)
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => ExpectedHash.Parse(text, algorithm));

            Assert.Equal(message, error.Message);
        }

        [Fact]
        public void For_GivesTheExpectationOfOneFile()
        {
            IntegrityExpectation expectation = ExpectedHash.Parse(Sha256, null).For("/tmp/a.bin");

            Assert.Equal("/tmp/a.bin", expectation.Path);
            Assert.Equal(SupportedHashAlgorithms.SHA256, expectation.Algorithm);
            Assert.Equal(SupportedHashAlgorithms.SHA256, expectation.AlgorithmLabel);
            Assert.Equal(Sha256.ToUpperInvariant(), expectation.ExpectedHash);
            Assert.Null(expectation.ChecksumFile);
        }
    }
}
