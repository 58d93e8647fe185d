using System;
using System.IO;
using System.Security.Cryptography;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    public sealed class PeImageDigestTests
    {
        [Fact]
        public void UnsignedPeDigestIsTheOneItsCatalogLists()
        {
            // unsigned.exe is 96,150 bytes, not a multiple of 8: makecat padded it with zeros before hashing.
            byte[] catalog = File.ReadAllBytes(AuthenticodeTestEnvironment.PeFixture("signed.cat"));
            byte[] file = File.ReadAllBytes(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"));
            Assert.NotEqual(0, file.Length % 8);

            byte[] padded = ComputeDigest(file, HashAlgorithmName.SHA1);
            Assert.True(Contains(catalog, padded) || Contains(catalog, ComputeDigest(file, HashAlgorithmName.SHA256)), "the catalog does not list the padded image digest");
            Assert.False(Contains(catalog, SHA1.HashData(file)) || Contains(catalog, SHA256.HashData(file)), "the catalog unexpectedly lists the plain file hash");
        }

        [Fact]
        public void NonPeContentHasNoImageDigest()
        {
            using (var stream = new MemoryStream(File.ReadAllBytes(AuthenticodeTestEnvironment.PeFixture("unsigned.msi"))))
            {
                Assert.False(PeImageDigest.TryCompute(stream, HashAlgorithmName.SHA256, default, out byte[]? digest));
                Assert.Null(digest);
            }
        }

        [Fact]
        public void SignedPeDigestIgnoresTheSignature()
        {
            PeTestFile signed = PeTestFile.Load(AuthenticodeTestEnvironment.PeFixture("signed.exe"));
            byte[] unsignedImage = signed.Unsigned();
            Assert.Equal(0, unsignedImage.Length % 8);
            Assert.Equal(ComputeDigest(unsignedImage, HashAlgorithmName.SHA256), ComputeDigest(signed.Bytes, HashAlgorithmName.SHA256));
        }

        private static byte[] ComputeDigest(byte[] file, HashAlgorithmName algorithm)
        {
            using (var stream = new MemoryStream(file, writable: false))
            {
                Assert.True(PeImageDigest.TryCompute(stream, algorithm, default, out byte[]? digest));
                return digest!;
            }
        }

        private static bool Contains(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
