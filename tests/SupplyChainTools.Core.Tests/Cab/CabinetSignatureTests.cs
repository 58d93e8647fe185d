using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Cab;
using SupplyChainTools.Core.Tests.Authenticode;

namespace SupplyChainTools.Core.Tests.Cab
{
    public sealed class CabinetSignatureTests
    {
        private static byte[] Signed => File.ReadAllBytes(InstallerCorpusTests.Fixture("signed.ex_"));

        private static AuthenticodeSignature Verify(byte[] bytes)
        {
            using (var stream = new MemoryStream(bytes, writable: false))
            {
                return new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions()).Verify("test.ex_", stream, default);
            }
        }

        [Fact]
        public void ReadsTheSignatureReserve()
        {
            using (var stream = new MemoryStream(Signed, writable: false))
            {
                CabinetSignature signature = CabinetSignature.Read(stream, default, out string? reason)!;
                Assert.Null(reason);
                Assert.Equal(0x90, signature.SignatureOffset);
                Assert.Equal(Signed.Length - 0x90, signature.SignatureLength);
                Assert.Equal(0, signature.TrailingBytes);
                var problems = new List<string>();
                byte[] pkcs7 = signature.ReadPkcs7(stream, problems, default);
                Assert.Empty(problems);
                Assert.True(pkcs7.Length < signature.SignatureLength, "osslsigncode pads the signature to 8 bytes");
            }
        }

        [Fact]
        public void DigestLeavesOutReserved1AndTheReserveThatSigningWrites()
        {
            byte[] bytes = Signed;
            long offset = BitConverter.ToUInt32(bytes, 44);
            byte[] expected = SHA256.HashData(bytes.Take(4).Concat(bytes.Skip(8).Take(26)).Concat(bytes.Skip(56).Take((int)offset - 56)).ToArray());
            using (var stream = new MemoryStream(bytes, writable: false))
            {
                Assert.Equal(expected, CabinetDigest.Compute(stream, offset, HashAlgorithmName.SHA256, default));
            }

            byte[] unsigned = File.ReadAllBytes(InstallerCorpusTests.Fixture("unsigned.ex_"));
            using (var stream = new MemoryStream(unsigned, writable: false))
            {
                Assert.Equal(SHA256.HashData(unsigned.Take(4).Concat(unsigned.Skip(8)).ToArray()), CabinetDigest.Compute(stream, 0, HashAlgorithmName.SHA256, default));
            }
        }

        [Fact]
        public void DataAfterTheSignatureIsUnexpectedData()
        {
            AuthenticodeSignature result = Verify(Signed.Concat(new byte[] { 1, 2, 3, 4 }).ToArray());
            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.Status);
            Assert.Contains("4 bytes follow the cabinet's signature", result.StatusMessage);
        }

        [Fact]
        public void NonZeroPaddingAfterTheSignatureIsUnexpectedData()
        {
            byte[] bytes = Signed;
            bytes[bytes.Length - 1] = 0x5A;
            AuthenticodeSignature result = Verify(bytes);
            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.Status);
            Assert.Contains("not zero padding", result.StatusMessage);
        }

        [Fact]
        public void NonZeroReserved1IsUnexpectedData()
        {
            byte[] bytes = Signed;
            bytes[5] = 1;
            Assert.Equal(AuthenticodeStatus.UnexpectedData, Verify(bytes).Status);
        }

        [Fact]
        public void ChangedContentIsAHashMismatch()
        {
            byte[] bytes = Signed;
            bytes[0x80] ^= 1;
            AuthenticodeSignature result = Verify(bytes);
            Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
            Assert.Equal("CAB", result.FileType);
        }

        [Theory]
        [InlineData(44, 0x7FFFFFF0u)]
        [InlineData(48, 0x7FFFFFF0u)]
        [InlineData(44, 10u)]
        public void ReserveThatDoesNotFitTheFileIsMalformed(int field, uint value)
        {
            byte[] bytes = Signed;
            BitConverter.GetBytes(value).CopyTo(bytes, field);
            AuthenticodeSignature result = Verify(bytes);
            Assert.Equal(AuthenticodeStatus.Malformed, result.Status);
            Assert.Contains("cabinet", result.StatusMessage);
        }

        [Fact]
        public void CabinetsWithoutASignatureReserveAreNotSigned()
        {
            AuthenticodeSignature unsigned = Verify(File.ReadAllBytes(InstallerCorpusTests.Fixture("unsigned.ex_")));
            Assert.Equal(AuthenticodeStatus.NotSigned, unsigned.Status);

            byte[] otherReserve = Signed;
            BitConverter.GetBytes(0u).CopyTo(otherReserve, 40);
            Assert.Equal(AuthenticodeStatus.NotSigned, Verify(otherReserve).Status);

            byte[] emptyReserve = Signed;
            BitConverter.GetBytes(0UL).CopyTo(emptyReserve, 44);
            Assert.Equal(AuthenticodeStatus.NotSigned, Verify(emptyReserve).Status);
        }

        [Fact]
        public void TooShortFilesAreMalformed()
        {
            Assert.Equal(AuthenticodeStatus.Malformed, Verify(Signed.Take(20).ToArray()).Status);
            Assert.Equal(AuthenticodeStatus.Malformed, Verify(Signed.Take(50).ToArray()).Status);
        }

        [Fact]
        public void ReadingIsCancellable()
        {
            using (var cancelled = new CancellationTokenSource())
            using (var stream = new MemoryStream(Signed, writable: false))
            {
                cancelled.Cancel();
                Assert.ThrowsAny<OperationCanceledException>(() => CabinetSignature.Read(stream, cancelled.Token, out _));
            }
        }
    }
}
