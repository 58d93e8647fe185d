using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>
    /// Certificates built to break the platform's crypto code: an EC key with explicit curve parameters (the
    /// CVE-2020-0601 "CurveBall" shape). The verdict is a documented status with a sentence a user can act on, the
    /// same on every OS, and the file's other signatures are still examined.
    /// </summary>
    public sealed partial class OsslsigncodeDifferentialTests
    {
        private const string EcPublicKeyOid = "1.2.840.10045.2.1";

        [OsslsigncodeFact]
        public void SignerWithExplicitCurveParametersIsNotTrustedAndNestedSignaturesAreStillExamined()
        {
            using var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"), _temp);
            var verifier = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.RootCollection });
            (string ecPfx, X509Certificate2 namedCurveLeaf, X509Certificate2 explicitCurveLeaf) = pki.CreateEcLeafWithExplicitTwin();
            string nested = Nest(pki.LeafPfx, Sign(ecPfx, unsigned, "ec.exe", "sha256"), "ec-nested.exe", "sha384");
            Assert.True(verifier.Verify(nested).IsValid, "the named-curve original must verify");

            PeTestFile file = PeTestFile.Load(nested);
            byte[] swapped = RewriteCertificates(file.Pkcs7, certificates => certificates.Select(der => der.SequenceEqual(namedCurveLeaf.RawData) ? explicitCurveLeaf.RawData : der));
            string curveBall = Path.Combine(_temp.Path, "curveball.exe");
            File.WriteAllBytes(curveBall, file.WithTable(PeTestFile.WinCertificate(swapped)));
            AuthenticodeSignature result = verifier.Verify(curveBall);

            Assert.Equal(AuthenticodeStatus.NotTrusted, result.Status);
            Assert.Contains("uses explicit elliptic-curve parameters, which no trusted CA issues", result.StatusMessage, StringComparison.Ordinal);
            Assert.Contains("SupplyChainTools Differential EC", result.StatusMessage, StringComparison.Ordinal);
            Assert.Equal(AuthenticodeStatus.Valid, Assert.Single(result.NestedSignatures).Status);
            Assert.DoesNotContain(result.Problems, problem => problem.Contains("OpenSSL", StringComparison.OrdinalIgnoreCase) || problem.Contains("error code", StringComparison.Ordinal));
        }

        [OsslsigncodeFact]
        public void KnownRootKeyWithExplicitCurveParametersInTheCertificatesIsNotTrusted()
        {
            // CurveBall proper: a "root" carrying a trusted root's public key with parameters of the attacker's choosing.
            using var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"), _temp);
            X509Certificate2 knownRoot = TrustedRootStore.LoadPemBundle(Path.Combine(AuthenticodeTestEnvironment.TrustedRootsFolder, TrustedRootStore.CodeSigningBundleFileName))
                .Cast<X509Certificate2>()
                .First(root => root.PublicKey.Oid.Value == EcPublicKeyOid);
            X509Certificate2 impostor = TestPki.WithExplicitCurveParameters(knownRoot.SubjectName, knownRoot.GetECDsaPublicKey()!, knownRoot.SubjectName);
            string signed = Sign(pki.LeafPfx, unsigned, "signed.exe", "sha256");
            PeTestFile file = PeTestFile.Load(signed);
            byte[] withImpostor = RewriteCertificates(file.Pkcs7, certificates => certificates.Concat(new[] { impostor.RawData }));
            string curveBall = Path.Combine(_temp.Path, "impostor-root.exe");
            File.WriteAllBytes(curveBall, file.WithTable(PeTestFile.WinCertificate(withImpostor)));

            var verifier = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.RootCollection });
            AuthenticodeSignature result = verifier.Verify(curveBall);

            Assert.Equal(AuthenticodeStatus.NotTrusted, result.Status);
            Assert.Contains("'" + knownRoot.Subject + "' uses explicit elliptic-curve parameters", result.StatusMessage, StringComparison.Ordinal);
        }

        [OsslsigncodeFact]
        public void SignerKeyThePlatformCannotImportIsNotTrustedWithASentence()
        {
            // A named-curve key whose point is not on the curve: the platform throws when the key is imported.
            using var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"), _temp);
            (string ecPfx, X509Certificate2 namedCurveLeaf, _) = pki.CreateEcLeafWithExplicitTwin();
            X509Certificate2 broken = pki.WithPointOffTheCurve(namedCurveLeaf);
            string nested = Nest(pki.LeafPfx, Sign(ecPfx, unsigned, "ec.exe", "sha256"), "ec-nested.exe", "sha384");
            PeTestFile file = PeTestFile.Load(nested);
            byte[] swapped = RewriteCertificates(file.Pkcs7, certificates => certificates.Select(der => der.SequenceEqual(namedCurveLeaf.RawData) ? broken.RawData : der));
            string damaged = Path.Combine(_temp.Path, "off-curve.exe");
            File.WriteAllBytes(damaged, file.WithTable(PeTestFile.WinCertificate(swapped)));

            AuthenticodeSignature result = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.RootCollection }).Verify(damaged);

            Assert.Equal(AuthenticodeStatus.NotTrusted, result.Status);
            Assert.Contains("The platform's cryptography cannot process a certificate or the public key of this signature", result.StatusMessage, StringComparison.Ordinal);
            Assert.Equal(AuthenticodeStatus.Valid, Assert.Single(result.NestedSignatures).Status);
            Assert.DoesNotContain(result.Problems, problem => problem.Contains("OpenSSL", StringComparison.OrdinalIgnoreCase) || problem.Contains("error code", StringComparison.Ordinal));
        }

        [Fact]
        public void UndecodableSignedDataSaysWhatIsWrongInItsOwnWords()
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.113549.1.7.2");
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    writer.WriteInteger(5);
                }
            }

            PeTestFile signed = PeTestFile.Load(AuthenticodeTestEnvironment.PeFixture("signed.exe"));
            string path = Path.Combine(_temp.Path, "undecodable.exe");
            File.WriteAllBytes(path, signed.WithTable(PeTestFile.WinCertificate(writer.Encode())));

            AuthenticodeSignature result = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions()).Verify(path);

            Assert.Equal(AuthenticodeStatus.Malformed, result.Status);
            Assert.Equal("The signature cannot be decoded: its ASN.1 structure is damaged or truncated; the file was damaged or altered after signing.", result.StatusMessage);
        }

        /// <summary>The PKCS#7 ContentInfo with its SignedData certificate set rewritten by <paramref name="rewrite"/>; everything else is copied as encoded.</summary>
        private static byte[] RewriteCertificates(byte[] pkcs7, Func<IEnumerable<byte[]>, IEnumerable<byte[]>> rewrite)
        {
            var certificatesTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            AsnReader contentInfo = new AsnReader(pkcs7, AsnEncodingRules.BER).ReadSequence();
            string contentType = contentInfo.ReadObjectIdentifier();
            AsnReader signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(contentType);
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                using (writer.PushSequence())
                {
                    while (signedData.HasData)
                    {
                        if (!signedData.PeekTag().HasSameClassAndValue(certificatesTag))
                        {
                            writer.WriteEncodedValue(signedData.ReadEncodedValue().Span);
                            continue;
                        }

                        AsnReader set = signedData.ReadSetOf(certificatesTag);
                        var certificates = new List<byte[]>();
                        while (set.HasData)
                        {
                            certificates.Add(set.ReadEncodedValue().ToArray());
                        }

                        using (writer.PushSetOf(certificatesTag))
                        {
                            foreach (byte[] certificate in rewrite(certificates))
                            {
                                writer.WriteEncodedValue(certificate);
                            }
                        }
                    }
                }
            }

            return writer.Encode();
        }

        private sealed partial class TestPki
        {
            /// <summary>
            /// An EC P-256 leaf issued by the intermediate, as a PFX for osslsigncode, and a twin with the same subject,
            /// serial and key whose SubjectPublicKeyInfo spells the curve out as explicit parameters.
            /// </summary>
            public (string Pfx, X509Certificate2 NamedCurve, X509Certificate2 ExplicitCurve) CreateEcLeafWithExplicitTwin()
            {
                using (ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    var subject = new X500DistinguishedName("CN=SupplyChainTools Differential EC");
                    byte[] serial = NewSerial();
                    DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddDays(-1);
                    DateTimeOffset notAfter = DateTimeOffset.UtcNow.AddYears(1);
                    var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
                    AddLeafExtensions(request);
                    X509Certificate2 named = request.Create(_intermediate.SubjectName, X509SignatureGenerator.CreateForRSA(_intermediateKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
                    X509Certificate2 explicitTwin = WithExplicitCurveParameters(subject, key, _intermediate.SubjectName, _intermediateKey, notBefore, notAfter, serial);
                    string path = Path.Combine(_folder, "ec.pfx");
                    var bundle = new X509Certificate2Collection { named.CopyWithPrivateKey(key), _intermediate };
                    File.WriteAllBytes(path, bundle.Export(X509ContentType.Pkcs12, Password)!);
                    return (path, named, explicitTwin);
                }
            }

            /// <summary>A twin of <paramref name="leaf"/> (same subject, issuer and serial) whose P-256 point is not on the curve.</summary>
            public X509Certificate2 WithPointOffTheCurve(X509Certificate2 leaf)
            {
                var writer = new AsnWriter(AsnEncodingRules.DER);
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(EcPublicKeyOid);
                        writer.WriteObjectIdentifier("1.2.840.10045.3.1.7");
                    }

                    byte[] point = new byte[65];
                    point[0] = 0x04;
                    point[64] = 0x01;
                    writer.WriteBitString(point);
                }

                var request = new CertificateRequest(leaf.SubjectName, PublicKey.CreateFromSubjectPublicKeyInfo(writer.Encode(), out _), HashAlgorithmName.SHA256);
                AddLeafExtensions(request);
                return request.Create(_intermediate.SubjectName, X509SignatureGenerator.CreateForRSA(_intermediateKey, RSASignaturePadding.Pkcs1), leaf.NotBefore, leaf.NotAfter, leaf.GetSerialNumber().Reverse().ToArray());
            }

            /// <summary>A certificate for <paramref name="key"/>'s public key with explicit curve parameters, signed by a throwaway key when no issuer key is given.</summary>
            public static X509Certificate2 WithExplicitCurveParameters(X500DistinguishedName subject, ECDsa key, X500DistinguishedName issuer, RSA? issuerKey = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, byte[]? serial = null)
            {
                PublicKey publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(ExplicitSubjectPublicKeyInfo(key.ExportExplicitParameters(false)), out _);
                var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
                AddLeafExtensions(request);
                using (RSA throwaway = RSA.Create(2048))
                {
                    return request.Create(issuer, X509SignatureGenerator.CreateForRSA(issuerKey ?? throwaway, RSASignaturePadding.Pkcs1), notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1), serial ?? NewSerial());
                }
            }

            private static void AddLeafExtensions(CertificateRequest request)
            {
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(Core.Trust.ChainVerifier.CodeSigningEku) }, false));
            }

            /// <summary>SubjectPublicKeyInfo with SEC 1 specifiedCurve ECParameters (prime field) instead of a curve OID.</summary>
            private static byte[] ExplicitSubjectPublicKeyInfo(ECParameters parameters)
            {
                ECCurve curve = parameters.Curve;
                byte[] point = new byte[] { 0x04 }.Concat(parameters.Q.X!).Concat(parameters.Q.Y!).ToArray();
                byte[] generator = new byte[] { 0x04 }.Concat(curve.G.X!).Concat(curve.G.Y!).ToArray();
                var writer = new AsnWriter(AsnEncodingRules.DER);
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(EcPublicKeyOid);
                        using (writer.PushSequence())
                        {
                            writer.WriteInteger(1);
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier("1.2.840.10045.1.1");
                                writer.WriteIntegerUnsigned(curve.Prime);
                            }

                            using (writer.PushSequence())
                            {
                                writer.WriteOctetString(curve.A);
                                writer.WriteOctetString(curve.B);
                                if (curve.Seed != null)
                                {
                                    writer.WriteBitString(curve.Seed);
                                }
                            }

                            writer.WriteOctetString(generator);
                            writer.WriteIntegerUnsigned(curve.Order);
                            writer.WriteIntegerUnsigned(curve.Cofactor);
                        }
                    }

                    writer.WriteBitString(point);
                }

                return writer.Encode();
            }
        }
    }
}
