using System;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>
    /// Legacy Authenticode (PKCS#9) countersignature timestamps, added here to an osslsigncode-signed
    /// file by a test TSA, in the modern PKCS#1 form and in the old VeriSign form whose RSA payload
    /// is a bare SHA-1 digest without the DigestInfo wrapper.
    /// </summary>
    public sealed class LegacyTimestampTests
    {
        private static readonly DateTime SigningTime = new DateTime(2020, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        private static readonly DateTime AfterSignerExpiry = new DateTime(2035, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void CountersignatureRescuesTheExpiredSigner(bool bareRsaDigest)
        {
            using (var tsa = new TestTsa())
            {
                byte[] file = AddCountersignature(tsa, bareRsaDigest, corruptMessageDigest: false);
                AuthenticodeSignature result = Verify(file, tsa, AfterSignerExpiry);
                Assert.True(result.IsValid, result.Status + ": " + result.StatusMessage);
                Assert.Equal("Authenticode", result.TimestampType);
                Assert.Equal(SigningTime, result.TimestampUtc);
                Assert.Equal(tsa.Certificate.Subject, result.TimestampSigner);
            }
        }

        [Fact]
        public void WithoutTheTimestampTheSignerIsExpired()
        {
            using (var tsa = new TestTsa())
            {
                AuthenticodeSignature result = Verify(System.IO.File.ReadAllBytes(AuthenticodeTestEnvironment.PeFixture("signed.exe")), tsa, AfterSignerExpiry);
                Assert.Equal(AuthenticodeStatus.Expired, result.Status);
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void CountersignatureForAnotherSignatureIsRejected(bool bareRsaDigest)
        {
            using (var tsa = new TestTsa())
            {
                byte[] file = AddCountersignature(tsa, bareRsaDigest, corruptMessageDigest: true);
                AuthenticodeSignature result = Verify(file, tsa, AfterSignerExpiry);
                Assert.Equal(AuthenticodeStatus.InvalidSignature, result.Status);
                Assert.Contains(result.Problems, problem => problem.StartsWith("Timestamp:", StringComparison.Ordinal) && problem.Contains("different signature"));
                Assert.Contains(result.Problems, problem => problem.Contains("expired on"));
            }
        }

        [Fact]
        public void UntrustedTimestampAuthorityRescuesNothing()
        {
            using (var tsa = new TestTsa())
            using (var otherTsa = new TestTsa())
            {
                byte[] file = AddCountersignature(tsa, bareRsaDigest: false, corruptMessageDigest: false);
                AuthenticodeSignature result = Verify(file, otherTsa, AfterSignerExpiry);
                Assert.False(result.IsValid);
                Assert.Contains(result.Problems, problem => problem.StartsWith("Timestamp:", StringComparison.Ordinal) && problem.Contains("not a trusted root"));
                Assert.Contains(result.Problems, problem => problem.Contains("expired on"));
            }
        }

        private static AuthenticodeSignature Verify(byte[] file, TestTsa tsa, DateTime at)
        {
            var options = new AuthenticodeOptions
            {
                CodeSigningRoots = TrustedRootStore.LoadPemBundle(AuthenticodeTestEnvironment.PkiFixture("CACert.pem")),
                TimestampRoots = new X509Certificate2Collection(tsa.Root),
                VerificationTime = at,
            };
            using (var stream = new System.IO.MemoryStream(file, writable: false))
            {
                return new AuthenticodeVerifier(options).Verify("countersigned.exe", stream, default);
            }
        }

        private static byte[] AddCountersignature(TestTsa tsa, bool bareRsaDigest, bool corruptMessageDigest)
        {
            PeTestFile file = PeTestFile.Load(AuthenticodeTestEnvironment.PeFixture("signed.exe"));
            SignedCms cms = file.Cms;
            SignerInfo signer = cms.SignerInfos[0];
            byte[] primarySignature = signer.GetSignature();
            if (corruptMessageDigest)
            {
                primarySignature[0] ^= 0xFF;
            }

            byte[] counterSignerInfo = BuildCounterSignerInfo(tsa, SHA1.HashData(primarySignature), bareRsaDigest);
            signer.AddUnsignedAttribute(new AsnEncodedData(new Oid(PkcsOids.CountersignatureAttribute), counterSignerInfo));
            cms.AddCertificate(tsa.Certificate);
            return file.WithTable(PeTestFile.WinCertificate(cms.Encode()));
        }

        private static byte[] BuildCounterSignerInfo(TestTsa tsa, byte[] messageDigest, bool bareRsaDigest)
        {
            var attributes = new AsnWriter(AsnEncodingRules.DER);
            using (attributes.PushSetOf())
            {
                WriteAttribute(attributes, "1.2.840.113549.1.9.3", writer => writer.WriteObjectIdentifier("1.2.840.113549.1.7.1"));
                WriteAttribute(attributes, "1.2.840.113549.1.9.5", writer => writer.WriteUtcTime(new DateTimeOffset(SigningTime)));
                WriteAttribute(attributes, "1.2.840.113549.1.9.4", writer => writer.WriteOctetString(messageDigest));
            }

            byte[] signedAttributes = attributes.Encode();
            byte[] attributesHash = SHA1.HashData(signedAttributes);
            byte[] signature = bareRsaDigest
                ? RawRsaSign(tsa.Key, attributesHash)
                : tsa.Key.SignHash(attributesHash, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

            byte[] implicitAttributes = (byte[])signedAttributes.Clone();
            implicitAttributes[0] = 0xA0;
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSequence())
                {
                    writer.WriteEncodedValue(tsa.Certificate.IssuerName.RawData);
                    writer.WriteIntegerUnsigned(tsa.Certificate.SerialNumberBytes.Span);
                }

                WriteAlgorithm(writer, "1.3.14.3.2.26");
                writer.WriteEncodedValue(implicitAttributes);
                WriteAlgorithm(writer, "1.2.840.113549.1.1.1");
                writer.WriteOctetString(signature);
            }

            return writer.Encode();
        }

        /// <summary>The old VeriSign form: PKCS#1 type-1 padding around the bare digest, signed with the raw RSA private operation.</summary>
        private static byte[] RawRsaSign(RSA key, byte[] digest)
        {
            RSAParameters parameters = key.ExportParameters(true);
            int length = parameters.Modulus!.Length;
            var message = new byte[length];
            message[1] = 0x01;
            for (int i = 2; i < length - digest.Length - 1; i++)
            {
                message[i] = 0xFF;
            }

            Array.Copy(digest, 0, message, length - digest.Length, digest.Length);
            var modulus = new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
            var exponent = new BigInteger(parameters.D!, isUnsigned: true, isBigEndian: true);
            BigInteger signed = BigInteger.ModPow(new BigInteger(message, isUnsigned: true, isBigEndian: true), exponent, modulus);
            byte[] raw = signed.ToByteArray(isUnsigned: true, isBigEndian: true);
            var result = new byte[length];
            Array.Copy(raw, 0, result, length - raw.Length, raw.Length);
            return result;
        }

        private static void WriteAttribute(AsnWriter writer, string oid, Action<AsnWriter> writeValue)
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(oid);
                using (writer.PushSetOf())
                {
                    writeValue(writer);
                }
            }
        }

        private static void WriteAlgorithm(AsnWriter writer, string oid)
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(oid);
                writer.WriteNull();
            }
        }

        private sealed class TestTsa : IDisposable
        {
            public TestTsa()
            {
                var notBefore = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
                var notAfter = new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using (RSA rootKey = RSA.Create(2048))
                {
                    var rootRequest = new CertificateRequest("CN=SupplyChainTools Test TSA Root " + Guid.NewGuid().ToString("N"), rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                    rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                    Root = rootRequest.CreateSelfSigned(notBefore, notAfter);

                    Key = RSA.Create(2048);
                    var request = new CertificateRequest("CN=SupplyChainTools Test TSA", Key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                    request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                    request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(ChainVerifier.TimeStampingEku) }, true));
                    Certificate = request.Create(Root, notBefore, notAfter, new byte[] { 0x42, 0x01, 0x02, 0x03 });
                }
            }

            public X509Certificate2 Root { get; }

            public X509Certificate2 Certificate { get; }

            public RSA Key { get; }

            public void Dispose()
            {
                Key.Dispose();
                Root.Dispose();
                Certificate.Dispose();
            }
        }
    }
}
