using System;
using System.Security.Cryptography;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Tests.Hashing
{
    public sealed class SupportedHashAlgorithmsTests
    {
        [Fact]
        public void All_ListsTheFiveAlgorithmsInHelpOrder()
        {
            Assert.Equal(new[] { "SHA256", "SHA1", "SHA384", "SHA512", "MD5" }, SupportedHashAlgorithms.All);
        }

        [Theory]
        [InlineData("SHA256", "SHA256")]
        [InlineData("sha256", "SHA256")]
        [InlineData("SHA-256", "SHA256")]
        [InlineData("sha2-256", "SHA256")]
        [InlineData(" Sha_256 ", "SHA256")]
        [InlineData("sha1", "SHA1")]
        [InlineData("SHA-1", "SHA1")]
        [InlineData("sha384", "SHA384")]
        [InlineData("SHA2-384", "SHA384")]
        [InlineData("sha512", "SHA512")]
        [InlineData("SHA-512", "SHA512")]
        [InlineData("md5", "MD5")]
        [InlineData("MD-5", "MD5")]
        public void Normalize_MapsSpellingsToCanonicalName(string input, string expected)
        {
            Assert.Equal(expected, SupportedHashAlgorithms.Normalize(input));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("SHA3-256")]
        [InlineData("SHA224")]
        [InlineData("SHA512/256")]
        [InlineData("BLAKE2b")]
        [InlineData("CRC32")]
        [InlineData("SHA")]
        [InlineData("SHA2")]
        [InlineData("256")]
        public void Normalize_ReturnsNullForUnsupported(string? input)
        {
            Assert.Null(SupportedHashAlgorithms.Normalize(input));
        }

        [Fact]
        public void NormalizeList_DefaultsToSha256()
        {
            Assert.Equal(new[] { "SHA256" }, SupportedHashAlgorithms.NormalizeList(null));
            Assert.Equal(new[] { "SHA256" }, SupportedHashAlgorithms.NormalizeList(Array.Empty<string>()));
        }

        [Fact]
        public void NormalizeList_CanonicalisesDeduplicatesAndKeepsUserOrder()
        {
            string[] result = SupportedHashAlgorithms.NormalizeList(new[] { "sha512", "MD5", "SHA-512", "sha256", "md5" });

            Assert.Equal(new[] { "SHA512", "MD5", "SHA256" }, result);
        }

        [Theory]
        [InlineData("SHA3-256")]
        [InlineData("")]
        [InlineData("sha")]
        public void NormalizeList_RejectsUnsupportedNames_NamingThemAndTheChoices(string bad)
        {
            var ex = Assert.Throws<ArgumentException>(() => SupportedHashAlgorithms.NormalizeList(new[] { "SHA256", bad }));

            Assert.Contains("'" + bad + "'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("SHA256, SHA1, SHA384, SHA512, MD5", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(32, "MD5")]
        [InlineData(40, "SHA1")]
        [InlineData(64, "SHA256")]
        [InlineData(96, "SHA384")]
        [InlineData(128, "SHA512")]
        public void InferFromHexLength_KnownLengths(int length, string expected)
        {
            Assert.Equal(expected, SupportedHashAlgorithms.InferFromHexLength(length));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-64)]
        [InlineData(31)]
        [InlineData(56)]
        [InlineData(63)]
        [InlineData(65)]
        [InlineData(127)]
        [InlineData(256)]
        public void InferFromHexLength_OtherLengths_Null(int length)
        {
            Assert.Null(SupportedHashAlgorithms.InferFromHexLength(length));
        }

        [Fact]
        public void DigestLength_IsConsistentWithInferenceAndThePlatform()
        {
            foreach (string algorithm in SupportedHashAlgorithms.All)
            {
                int bytes = SupportedHashAlgorithms.DigestLength(algorithm);
                Assert.Equal(algorithm, SupportedHashAlgorithms.InferFromHexLength(bytes * 2));
                using IncrementalHash hash = IncrementalHash.CreateHash(SupportedHashAlgorithms.ToHashAlgorithmName(algorithm));
                Assert.Equal(bytes, hash.HashLengthInBytes);
                Assert.Equal(algorithm, SupportedHashAlgorithms.ToHashAlgorithmName(algorithm).Name);
            }
        }

        [Fact]
        public void DigestLength_AndToHashAlgorithmName_RejectNonCanonicalNames()
        {
            Assert.Throws<ArgumentException>(() => SupportedHashAlgorithms.DigestLength("sha256"));
            Assert.Throws<ArgumentException>(() => SupportedHashAlgorithms.ToHashAlgorithmName("SHA3-256"));
        }

        [Theory]
        [InlineData("00ff", true)]
        [InlineData("ABCDEF0123456789abcdef", true)]
        [InlineData("", false)]
        [InlineData("0g", false)]
        [InlineData(" 00", false)]
        [InlineData("0x00", false)]
        public void HexConverter_IsHex(string text, bool expected)
        {
            Assert.Equal(expected, HexConverter.IsHex(text));
        }

        [Fact]
        public void HexConverter_ToUpperHex()
        {
            Assert.Equal("00FF10AB", HexConverter.ToUpperHex(new byte[] { 0x00, 0xFF, 0x10, 0xAB }));
            Assert.Equal(string.Empty, HexConverter.ToUpperHex(Array.Empty<byte>()));
        }
    }
}
