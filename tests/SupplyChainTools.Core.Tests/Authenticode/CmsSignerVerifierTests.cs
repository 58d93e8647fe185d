using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>
    /// The SignerInfo verifier that replaced SignedCms.CheckSignature on the hot path: it must agree with
    /// SignedCms on real signatures and refuse tampered signed attributes and substituted certificates.
    /// </summary>
    public sealed class CmsSignerVerifierTests
    {
        private const string NestedSignatureOid = "1.3.6.1.4.1.311.2.4.1";
        private static readonly Oid TokenContentType = new Oid("1.2.840.113549.1.9.16.1.4");

        [Fact]
        public void AgreesWithSignedCmsOnEveryRuntimeDll()
        {
            var cache = new CertificateCache();
            int judged = 0;
            foreach (string path in AuthenticodeTestEnvironment.RuntimeDlls())
            {
                foreach (byte[] blob in SignedDataBlobs(PeTestFile.Load(path).Pkcs7))
                {
                    SignerVerification verification = AssertAgreesWithSignedCms(blob, cache, path);
                    Assert.True(verification.Outcome == SignerVerificationOutcome.Verified, path + ": " + verification.Outcome + " " + verification.Message);
                    judged++;
                }
            }

            // A primary signature and an RFC 3161 token per file.
            Assert.True(judged >= 2 * 150, "judged " + judged);
        }

        [Fact]
        public void AgreesWithSignedCmsOnTheCorpusFiles()
        {
            var cache = new CertificateCache();
            int judged = 0;
            foreach (string path in Directory.GetFiles(Path.Combine(AuthenticodeTestEnvironment.FixturesFolder, "pe")).OrderBy(p => p, StringComparer.Ordinal))
            {
                PeTestFile file;
                try
                {
                    file = PeTestFile.Load(path);
                }
                catch (Exception exception) when (exception is BadImageFormatException || exception is NullReferenceException || exception is InvalidOperationException)
                {
                    // Not a PE image (MSI, APPX, catalog, compressed samples).
                    continue;
                }

                if (file.TableSize == 0 || file.TableOffset == 0)
                {
                    continue;
                }

                foreach (byte[] blob in SignedDataBlobs(file.Pkcs7))
                {
                    AssertAgreesWithSignedCms(blob, cache, path);
                    judged++;
                }
            }

            Assert.True(judged >= 6, "judged " + judged);
        }

        [Fact]
        public void AlteredMessageDigestAttributeFails()
        {
            byte[] pkcs7 = PeTestFile.Load(RuntimeDll("System.Runtime.dll")).Pkcs7;
            CmsSignerInfo signer = CmsSignedData.Decode(pkcs7).Signers[0];
            CmsAttribute digest = signer.SignedAttributes.Single(attribute => attribute.Oid == PkcsOids.MessageDigestAttribute);
            byte[] digestValue = digest.Values[0].ToArray();
            int at = IndexOf(pkcs7, digestValue);
            Assert.True(at > 0);
            byte[] tampered = (byte[])pkcs7.Clone();
            tampered[at + digestValue.Length - 1] ^= 0x01;

            SignerVerification verification = Verify(tampered, new CertificateCache());
            Assert.Equal(SignerVerificationOutcome.Failed, verification.Outcome);
            Assert.Contains("hash value is not correct", verification.Message);
            AssertSignedCmsRejects(tampered);
        }

        [Fact]
        public void TamperedSpcIndirectDataContentFails()
        {
            byte[] pkcs7 = PeTestFile.Load(RuntimeDll("System.Runtime.dll")).Pkcs7;
            CmsSignedData signedData = CmsSignedData.Decode(pkcs7);
            byte[] content = signedData.Content.ToArray();
            int at = IndexOf(pkcs7, content);
            byte[] tampered = (byte[])pkcs7.Clone();
            tampered[at + content.Length - 1] ^= 0x01;

            SignerVerification verification = Verify(tampered, new CertificateCache());
            Assert.Equal(SignerVerificationOutcome.Failed, verification.Outcome);
            AssertSignedCmsRejects(tampered);
        }

        [Fact]
        public void SignatureByAnotherKeyWithTheSameIssuerAndSerialFails()
        {
            using (RSA issuerKey = RSA.Create(2048))
            using (RSA genuineKey = RSA.Create(2048))
            using (RSA otherKey = RSA.Create(2048))
            {
                var issuerName = new X500DistinguishedName("CN=Test Issuer");
                byte[] serial = { 0x01, 0x23, 0x45, 0x67 };
                X509Certificate2 genuine = IssueCertificate(issuerName, issuerKey, "CN=Genuine", genuineKey, serial);
                X509Certificate2 impostor = IssueCertificate(issuerName, issuerKey, "CN=Impostor", otherKey, serial);

                byte[] genuineSigned = SignToken(genuine.CopyWithPrivateKey(genuineKey), includeCertificate: genuine);
                byte[] swapped = SignToken(genuine.CopyWithPrivateKey(genuineKey), includeCertificate: impostor);
                byte[] signedByImpostor = SignToken(impostor.CopyWithPrivateKey(otherKey), includeCertificate: genuine);

                // One cache for all three, so a key cached for the genuine certificate cannot vouch for the others.
                var cache = new CertificateCache();
                SignerVerification ok = Verify(genuineSigned, cache);
                Assert.Equal(SignerVerificationOutcome.Verified, ok.Outcome);
                Assert.Equal(genuine.Thumbprint, ok.Certificate!.Thumbprint);

                SignerVerification substituted = Verify(swapped, cache);
                Assert.Equal(SignerVerificationOutcome.Failed, substituted.Outcome);
                Assert.Equal(impostor.Thumbprint, substituted.Certificate!.Thumbprint);
                AssertSignedCmsRejects(swapped);

                SignerVerification forged = Verify(signedByImpostor, cache);
                Assert.Equal(SignerVerificationOutcome.Failed, forged.Outcome);
                AssertSignedCmsRejects(signedByImpostor);
            }
        }

        [Fact]
        public void TokenWithTwoMessageDigestAttributesFails()
        {
            using (RSA issuerKey = RSA.Create(2048))
            using (RSA key = RSA.Create(2048))
            {
                X509Certificate2 certificate = IssueCertificate(new X500DistinguishedName("CN=Test TSA Issuer"), issuerKey, "CN=Test TSA", key, new byte[] { 0x42 });
                byte[] content = { 0x30, 0x03, 0x02, 0x01, 0x01 };
                byte[] digest = SHA256.HashData(content);
                var writer = new AsnWriter(AsnEncodingRules.DER);
                writer.WriteOctetString(digest);
                byte[] token = SignToken(
                    certificate.CopyWithPrivateKey(key),
                    includeCertificate: certificate,
                    content: content,
                    extraSignedAttribute: new AsnEncodedData(new Oid(PkcsOids.MessageDigestAttribute), writer.Encode()));

                CmsSignerInfo signer = CmsSignedData.Decode(token).Signers[0];
                int digestValues = signer.SignedAttributes.Where(attribute => attribute.Oid == PkcsOids.MessageDigestAttribute).Sum(attribute => attribute.Values.Count);
                Assert.True(digestValues >= 2, "the token should carry two message digests, has " + digestValues);

                SignerVerification verification = Verify(token, new CertificateCache());
                Assert.Equal(SignerVerificationOutcome.Failed, verification.Outcome);
            }
        }

        [Theory]
        [InlineData("ecdsa")]
        [InlineData("pss")]
        [InlineData("pkcs1-sha384")]
        public void AgreesWithSignedCmsOnOtherAlgorithms(string kind)
        {
            using (RSA issuerKey = RSA.Create(2048))
            {
                var issuerName = new X500DistinguishedName("CN=Test Issuer");
                X509Certificate2 signerCertificate;
                CmsSigner cmsSigner;
                if (kind == "ecdsa")
                {
                    ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    var request = new CertificateRequest("CN=EC signer", key, HashAlgorithmName.SHA256);
                    signerCertificate = request.Create(issuerName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), new byte[] { 0x07 });
                    cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signerCertificate.CopyWithPrivateKey(key));
                }
                else
                {
                    RSA key = RSA.Create(2048);
                    signerCertificate = IssueCertificate(issuerName, issuerKey, "CN=RSA signer", key, new byte[] { 0x08 });
                    cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signerCertificate.CopyWithPrivateKey(key));
                    if (kind == "pss")
                    {
                        cmsSigner.SignaturePadding = RSASignaturePadding.Pss;
                    }
                    else
                    {
                        cmsSigner.DigestAlgorithm = new Oid(DigestAlgorithms.Sha384Oid);
                    }
                }

                cmsSigner.IncludeOption = X509IncludeOption.EndCertOnly;
                cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(DateTime.UtcNow));
                var cms = new SignedCms(new ContentInfo(TokenContentType, new byte[] { 0x30, 0x00 }));
                cms.ComputeSignature(cmsSigner);
                byte[] blob = cms.Encode();

                SignerVerification verification = AssertAgreesWithSignedCms(blob, new CertificateCache(), kind);
                Assert.Equal(SignerVerificationOutcome.Verified, verification.Outcome);

                // And a flipped bit in the signature fails on both.
                byte[] signature = cms.SignerInfos[0].GetSignature();
                byte[] tampered = (byte[])blob.Clone();
                tampered[IndexOf(blob, signature) + 5] ^= 0x01;
                Assert.Equal(SignerVerificationOutcome.Failed, AssertAgreesWithSignedCms(tampered, new CertificateCache(), kind + " tampered").Outcome);
            }
        }

        private static string RuntimeDll(string name) => Path.Combine(AuthenticodeTestEnvironment.RuntimeFolder, name);

        private static SignerVerification Verify(byte[] blob, CertificateCache cache)
        {
            CmsSignedData signedData = CmsSignedData.Decode(blob);
            return CmsSignerVerifier.Verify(signedData, signedData.Signers[0], cache);
        }

        /// <summary>Unless the fast path declines the input, its verdict must be SignedCms.CheckSignature(true)'s.</summary>
        private static SignerVerification AssertAgreesWithSignedCms(byte[] blob, CertificateCache cache, string what)
        {
            SignerVerification verification = Verify(blob, cache);
            var cms = new SignedCms();
            cms.Decode(blob);
            SignerInfo signer = cms.SignerInfos[0];
            bool platformAccepts;
            try
            {
                signer.CheckSignature(true);
                platformAccepts = true;
            }
            catch (CryptographicException)
            {
                platformAccepts = false;
            }

            if (verification.Outcome != SignerVerificationOutcome.Unsupported)
            {
                Assert.True(platformAccepts == (verification.Outcome == SignerVerificationOutcome.Verified), what + ": SignedCms " + (platformAccepts ? "accepts" : "rejects") + ", fast path " + verification.Outcome + " " + verification.Message);
                Assert.Equal(signer.Certificate!.Thumbprint, verification.Certificate!.Thumbprint);
            }

            return verification;
        }

        private static void AssertSignedCmsRejects(byte[] blob)
        {
            var cms = new SignedCms();
            cms.Decode(blob);
            Assert.ThrowsAny<CryptographicException>(() => cms.SignerInfos[0].CheckSignature(true));
        }

        /// <summary>The SignedData itself, its RFC 3161 tokens and nested signatures, recursively.</summary>
        private static IEnumerable<byte[]> SignedDataBlobs(byte[] pkcs7)
        {
            yield return pkcs7;
            CmsSignedData signedData = CmsSignedData.Decode(pkcs7);
            foreach (CmsAttribute attribute in signedData.Signers[0].UnsignedAttributes)
            {
                if (attribute.Oid == PkcsOids.Rfc3161TimestampAttribute || attribute.Oid == NestedSignatureOid)
                {
                    foreach (ReadOnlyMemory<byte> value in attribute.Values)
                    {
                        foreach (byte[] inner in SignedDataBlobs(value.ToArray()))
                        {
                            yield return inner;
                        }
                    }
                }
            }
        }

        private static X509Certificate2 IssueCertificate(X500DistinguishedName issuerName, RSA issuerKey, string subject, RSA subjectKey, byte[] serial)
        {
            var request = new CertificateRequest(subject, subjectKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return request.Create(issuerName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        }

        private static byte[] SignToken(X509Certificate2 signingCertificate, X509Certificate2 includeCertificate, byte[]? content = null, AsnEncodedData? extraSignedAttribute = null)
        {
            var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signingCertificate) { IncludeOption = X509IncludeOption.None };
            cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(DateTime.UtcNow));
            if (extraSignedAttribute != null)
            {
                cmsSigner.SignedAttributes.Add(extraSignedAttribute);
            }

            var cms = new SignedCms(new ContentInfo(TokenContentType, content ?? new byte[] { 0x30, 0x00 }));
            cms.ComputeSignature(cmsSigner);
            cms.AddCertificate(includeCertificate);
            return cms.Encode();
        }

        private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
    }
}
