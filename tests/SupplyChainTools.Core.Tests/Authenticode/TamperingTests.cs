using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using SupplyChainTools;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>Tampering applied to copies of real Microsoft-signed runtime DLLs.</summary>
    public sealed class TamperingTests
    {
        private static readonly AuthenticodeVerifier Verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots);

        private static string RuntimeDll(string name) => Path.Combine(AuthenticodeTestEnvironment.RuntimeFolder, name);

        private static AuthenticodeSignature VerifyBytes(byte[] bytes, AuthenticodeVerifier? verifier = null)
        {
            using (var stream = new MemoryStream(bytes, writable: false))
            {
                return (verifier ?? Verifier).Verify("tampered.dll", stream, default);
            }
        }

        [Fact]
        public void UntouchedCopyIsValid()
        {
            using (var temp = new TempFolder())
            {
                string copy = AuthenticodeTestEnvironment.CopyToTemp(RuntimeDll("System.Runtime.dll"), temp);
                Assert.Equal(AuthenticodeStatus.Valid, Verifier.Verify(copy).Status);
            }
        }

        [Theory]
        [InlineData("dos stub")]
        [InlineData("optional header")]
        [InlineData("section table")]
        [InlineData("first section")]
        [InlineData("last byte before the table")]
        public void FlippedHashedByteIsHashMismatch(string where)
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            int offset;
            switch (where)
            {
                case "dos stub": offset = 0x50; break;
                case "optional header": offset = file.CheckSumOffset - 8; break;
                case "section table": offset = file.CertificateDirectoryEntryOffset + 8 + (11 * 8) + 8; break;
                case "first section": offset = file.FirstSectionOffset + 17; break;
                default: offset = file.TableOffset - 1; break;
            }

            byte[] bytes = (byte[])file.Bytes.Clone();
            bytes[offset] ^= 0x20;
            AuthenticodeSignature result = VerifyBytes(bytes);
            Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
            Assert.Contains("does not match the signed digest", result.StatusMessage);
            Assert.StartsWith("CN=.NET,", result.SignerSubject);
        }

        [Fact]
        public void ChecksumOnlyChangeIsStillValid()
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            byte[] bytes = (byte[])file.Bytes.Clone();
            BitConverter.GetBytes(0xDEADBEEF).CopyTo(bytes, file.CheckSumOffset);
            Assert.Equal(AuthenticodeStatus.Valid, VerifyBytes(bytes).Status);
        }

        [Fact]
        public void SignatureGraftedFromAnotherFileIsHashMismatch()
        {
            PeTestFile target = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            PeTestFile donor = PeTestFile.Load(RuntimeDll("System.Console.dll"));
            byte[] grafted = target.WithTable(PeTestFile.WinCertificate(donor.Pkcs7));
            AuthenticodeSignature result = VerifyBytes(grafted);
            Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
        }

        [Fact]
        public void StrippedSignatureIsNotSigned()
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            AuthenticodeSignature result = VerifyBytes(file.Unsigned());
            Assert.Equal(AuthenticodeStatus.NotSigned, result.Status);
            Assert.Equal("None", result.SignatureType);
            Assert.False(result.IsValid);
        }

        [Fact]
        public void RebuiltTableWithTheOriginalSignatureIsValid()
        {
            // Control for the shape tests below: rebuilding the table the way signers do keeps it valid.
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            Assert.Equal(AuthenticodeStatus.Valid, VerifyBytes(file.WithTable(PeTestFile.WinCertificate(file.Pkcs7))).Status);
        }

        [Fact]
        public void JunkInsideTheCertificateEntryIsUnexpectedData()
        {
            // CVE-2013-3900: bytes appended inside bCertificate after the PKCS#7 are outside the hash.
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            byte[] junk = Enumerable.Repeat((byte)0x41, 64).ToArray();
            AuthenticodeSignature result = VerifyBytes(file.WithTable(PeTestFile.WinCertificate(PeTestFile.Concat(file.Pkcs7, junk))));
            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.Status);
            Assert.Contains("follow the PKCS#7 signature", result.StatusMessage);
        }

        [Fact]
        public void ExtraEntryInTheTableIsUnexpectedData()
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            byte[] table = PeTestFile.Concat(PeTestFile.WinCertificate(file.Pkcs7), PeTestFile.WinCertificate(new byte[] { 1, 2, 3, 4, 5 }));
            Assert.Equal(AuthenticodeStatus.UnexpectedData, VerifyBytes(file.WithTable(table)).Status);
        }

        [Fact]
        public void NonZeroPaddingIsUnexpectedData()
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            byte[] pkcs7 = file.Pkcs7;
            byte[] entry = PeTestFile.WinCertificate(PeTestFile.Concat(pkcs7, new byte[] { 0 }));
            // One declared byte past the PKCS#7 (zero, allowed) and then padding made non-zero.
            BitConverter.GetBytes(8 + pkcs7.Length).CopyTo(entry, 0);
            entry[entry.Length - 1] = 0x99;
            AuthenticodeSignature result = VerifyBytes(file.WithTable(entry));
            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.Status);
        }

        [Fact]
        public void DataAfterTheTableIsUnexpectedData()
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            AuthenticodeSignature result = VerifyBytes(PeTestFile.Concat(file.Bytes, new byte[] { 0x4D, 0x5A, 0, 0, 0, 0, 0, 0 }));
            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.Status);
            Assert.Contains("must be the last thing in the file", result.StatusMessage);
        }

        [Fact]
        public void TruncatedTableIsMalformed()
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            byte[] truncated = file.Bytes.Take(file.Bytes.Length - 100).ToArray();
            AuthenticodeSignature result = VerifyBytes(truncated);
            Assert.Equal(AuthenticodeStatus.Malformed, result.Status);
            Assert.Contains("past the end of the file", result.StatusMessage);
        }

        [Fact]
        public void TablePointingPastTheEndIsMalformed()
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            byte[] bytes = (byte[])file.Bytes.Clone();
            BitConverter.GetBytes(bytes.Length + 4096).CopyTo(bytes, file.CertificateDirectoryEntryOffset);
            Assert.Equal(AuthenticodeStatus.Malformed, VerifyBytes(bytes).Status);
        }

        [Fact]
        public void EntryLengthLargerThanTheTableIsMalformed()
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            byte[] bytes = (byte[])file.Bytes.Clone();
            BitConverter.GetBytes(file.TableSize + 8).CopyTo(bytes, file.TableOffset);
            Assert.Equal(AuthenticodeStatus.Malformed, VerifyBytes(bytes).Status);
        }

        [Fact]
        public void CorruptedSignerSignatureIsInvalidSignature()
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            byte[] signature = file.Cms.SignerInfos[0].GetSignature();
            byte[] bytes = (byte[])file.Bytes.Clone();
            bytes[file.IndexOf(signature) + (signature.Length / 2)] ^= 0x01;
            AuthenticodeSignature result = VerifyBytes(bytes);
            Assert.Equal(AuthenticodeStatus.InvalidSignature, result.Status);
            Assert.Contains("does not verify", result.StatusMessage);
        }

        [Fact]
        public void CorruptedTimestampIsAProblemAndRescuesNothing()
        {
            PeTestFile file = PeTestFile.Load(RuntimeDll("System.Runtime.dll"));
            SignerInfo signer = file.Cms.SignerInfos[0];
            CryptographicAttributeObject tokenAttribute = signer.UnsignedAttributes.Cast<CryptographicAttributeObject>().Single(attribute => attribute.Oid.Value == "1.3.6.1.4.1.311.3.3.1");
            var token = new SignedCms();
            token.Decode(tokenAttribute.Values[0].RawData);
            byte[] tokenSignature = token.SignerInfos[0].GetSignature();
            byte[] bytes = (byte[])file.Bytes.Clone();
            bytes[file.IndexOf(tokenSignature) + 10] ^= 0x01;

            AuthenticodeSignature now = VerifyBytes(bytes);
            Assert.False(now.IsValid);
            Assert.Equal(AuthenticodeStatus.InvalidSignature, now.Status);
            Assert.Contains(now.Problems, problem => problem.StartsWith("Timestamp:", StringComparison.Ordinal));

            // After the signer certificate expired only a valid timestamp could vouch for the signing time.
            AuthenticodeOptions later = TrustedRootStore.CreateDefaultOptions(AuthenticodeTestEnvironment.TrustedRootsFolder);
            later.VerificationTime = signer.Certificate!.NotAfter.ToUniversalTime().AddDays(1);
            AuthenticodeSignature afterExpiry = VerifyBytes(bytes, new AuthenticodeVerifier(later));
            Assert.Contains(afterExpiry.Problems, problem => problem.Contains("expired on"));
            Assert.Equal(AuthenticodeStatus.Valid, VerifyBytes(file.Bytes, new AuthenticodeVerifier(later)).Status);
        }

        [Fact]
        public void ForgedPrimaryWithAnIntactNestedSignatureFails()
        {
            // Peers (osslsigncode) accept a file when ANY signature verifies. The nested signature sits
            // in an unsigned attribute, so an attacker can pair a forged primary signature with an
            // intact nested one copied from the genuine file: the file must fail on the primary.
            PeTestFile file = PeTestFile.Load(AuthenticodeTestEnvironment.PeFixture("nested.exe"));
            byte[] primarySignature = file.Cms.SignerInfos[0].GetSignature();
            byte[] bytes = (byte[])file.Bytes.Clone();
            bytes[file.IndexOf(primarySignature) + 3] ^= 0x80;

            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            AuthenticodeSignature result = VerifyBytes(bytes, verifier);
            Assert.Equal(AuthenticodeStatus.InvalidSignature, result.Status);
            AuthenticodeSignature nested = Assert.Single(result.NestedSignatures);
            Assert.Equal(AuthenticodeStatus.Valid, nested.Status);
        }

        [Fact]
        public void BrokenNestedSignatureFailsAnIntactPrimary()
        {
            PeTestFile file = PeTestFile.Load(AuthenticodeTestEnvironment.PeFixture("nested.exe"));
            SignerInfo primary = file.Cms.SignerInfos[0];
            CryptographicAttributeObject nestedAttribute = primary.UnsignedAttributes.Cast<CryptographicAttributeObject>().Single(attribute => attribute.Oid.Value == "1.3.6.1.4.1.311.2.4.1");
            var nestedCms = new SignedCms();
            nestedCms.Decode(nestedAttribute.Values[0].RawData);
            byte[] nestedSignature = nestedCms.SignerInfos[0].GetSignature();
            byte[] bytes = (byte[])file.Bytes.Clone();
            bytes[file.IndexOf(nestedSignature) + 3] ^= 0x80;

            AuthenticodeSignature result = VerifyBytes(bytes, new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions()));
            Assert.Equal(AuthenticodeStatus.InvalidSignature, result.Status);
            Assert.Contains("Nested signature 1", result.StatusMessage);
            Assert.Equal(AuthenticodeStatus.InvalidSignature, Assert.Single(result.NestedSignatures).Status);
        }

        [Fact]
        public void DetachedContentSeamVerifiesAgainstTheCallersDigest()
        {
            string path = RuntimeDll("System.Runtime.dll");
            PeTestFile file = PeTestFile.Load(path);
            Func<HashAlgorithmName, byte[]> imageDigest = algorithm =>
            {
                using (var stream = new MemoryStream(file.Bytes, writable: false))
                {
                    PeImage image = PeImage.TryParse(stream, out _)!;
                    return image.ComputeImageDigest(stream, algorithm, excludeCertificateTable: true, default);
                }
            };

            AuthenticodeSignature valid = Verifier.VerifyDetachedContent(path, "PE", file.Pkcs7, imageDigest, Array.Empty<string>(), null, default);
            Assert.Equal(AuthenticodeStatus.Valid, valid.Status);
            Assert.Equal("Rfc3161", valid.TimestampType);

            AuthenticodeSignature wrongContent = Verifier.VerifyDetachedContent(path, "PowerShellScript", file.Pkcs7, algorithm => new byte[32], Array.Empty<string>(), null, default);
            Assert.Equal(AuthenticodeStatus.HashMismatch, wrongContent.Status);
            Assert.Equal("PowerShellScript", wrongContent.FileType);

            AuthenticodeSignature withFormatProblem = Verifier.VerifyDetachedContent(path, "PowerShellScript", file.Pkcs7, imageDigest, new[] { "Code follows the signature block." }, AuthenticodeStatus.UnexpectedData, default);
            Assert.Equal(AuthenticodeStatus.UnexpectedData, withFormatProblem.Status);
            Assert.Equal("Code follows the signature block.", withFormatProblem.StatusMessage);

            AuthenticodeSignature garbage = Verifier.VerifyDetachedContent(path, "PowerShellScript", new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }, imageDigest, Array.Empty<string>(), null, default);
            Assert.Equal(AuthenticodeStatus.Malformed, garbage.Status);
        }
    }
}
