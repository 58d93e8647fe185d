using System;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>
    /// The ESS signingCertificate(V2) attribute binds an RFC 3161 token to its TSA certificate: a token verified by a
    /// certificate other than the one it names must fail, whatever the signature math says.
    /// </summary>
    public sealed class TimestampCertificateBindingTests
    {
        private const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
        private const string SigningCertificateOid = "1.2.840.113549.1.9.16.2.12";

        [Fact]
        public void V2AttributeNamingTheSigner_Binds()
        {
            using X509Certificate2 tsa = CreateCertificate("CN=Test TSA");
            CmsSignerInfo signer = SignWithAttribute(tsa, EssCertIdV2(tsa, includeAlgorithm: false), SigningCertificateV2Oid);
            Assert.Null(TimestampVerifier.CheckSigningCertificateBinding(signer, tsa));
        }

        [Fact]
        public void V2AttributeWithExplicitSha384_Binds()
        {
            using X509Certificate2 tsa = CreateCertificate("CN=Test TSA");
            CmsSignerInfo signer = SignWithAttribute(tsa, EssCertIdV2(tsa, includeAlgorithm: true), SigningCertificateV2Oid);
            Assert.Null(TimestampVerifier.CheckSigningCertificateBinding(signer, tsa));
        }

        [Fact]
        public void AttributeNamingAnotherCertificate_Fails()
        {
            using X509Certificate2 tsa = CreateCertificate("CN=Test TSA");
            using X509Certificate2 other = CreateCertificate("CN=Someone Else");
            CmsSignerInfo signer = SignWithAttribute(tsa, EssCertIdV2(other, includeAlgorithm: false), SigningCertificateV2Oid);
            string? problem = TimestampVerifier.CheckSigningCertificateBinding(signer, tsa);
            Assert.NotNull(problem);
            Assert.Contains("not the certificate", problem);
        }

        [Fact]
        public void V1AttributeUsesSha1()
        {
            using X509Certificate2 tsa = CreateCertificate("CN=Test TSA");
            using X509Certificate2 other = CreateCertificate("CN=Someone Else");
            Assert.Null(TimestampVerifier.CheckSigningCertificateBinding(SignWithAttribute(tsa, EssCertIdV1(tsa), SigningCertificateOid), tsa));
            Assert.NotNull(TimestampVerifier.CheckSigningCertificateBinding(SignWithAttribute(tsa, EssCertIdV1(other), SigningCertificateOid), tsa));
        }

        [Fact]
        public void UndecodableAttribute_IsAProblemNotAnException()
        {
            using X509Certificate2 tsa = CreateCertificate("CN=Test TSA");
            var garbage = new AsnWriter(AsnEncodingRules.DER);
            garbage.WriteInteger(42);
            string? problem = TimestampVerifier.CheckSigningCertificateBinding(SignWithAttribute(tsa, garbage.Encode(), SigningCertificateV2Oid), tsa);
            Assert.NotNull(problem);
            Assert.Contains("cannot be decoded", problem);
        }

        private static X509Certificate2 CreateCertificate(string subject)
        {
            // The certificate keeps using the key, so the key is not disposed here.
            RSA key = RSA.Create(2048);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.8") }, true));
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        }

        private static byte[] EssCertIdV2(X509Certificate2 named, bool includeAlgorithm)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            using (writer.PushSequence())
            using (writer.PushSequence())
            {
                if (includeAlgorithm)
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier("2.16.840.1.101.3.4.2.2");
                    }

                    writer.WriteOctetString(SHA384.HashData(named.RawData));
                }
                else
                {
                    writer.WriteOctetString(SHA256.HashData(named.RawData));
                }
            }

            return writer.Encode();
        }

        private static byte[] EssCertIdV1(X509Certificate2 named)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            using (writer.PushSequence())
            using (writer.PushSequence())
            {
                writer.WriteOctetString(SHA1.HashData(named.RawData));
            }

            return writer.Encode();
        }

        private static CmsSignerInfo SignWithAttribute(X509Certificate2 signerCertificate, byte[] attributeValue, string attributeOid)
        {
            var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), new byte[] { 0x30, 0x00 }), detached: false);
            var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signerCertificate);
            signer.SignedAttributes.Add(new AsnEncodedData(new Oid(attributeOid), attributeValue));
            cms.ComputeSignature(signer);
            return CmsSignedData.Decode(cms.Encode()).Signers[0];
        }
    }
}
