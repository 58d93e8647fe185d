using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Archives;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Tests.Authenticode;

namespace SupplyChainTools.Core.Tests.Appx
{
    /// <summary>
    /// APPX/MSIX signatures through <see cref="AuthenticodeVerifier"/>: the osslsigncode corpus with its EXPECTED.tsv
    /// verdicts, packages tampered here, and a package signed here by osslsigncode whose signer is the manifest's publisher.
    /// </summary>
    public sealed class AppxPackageTests : IDisposable
    {
        private const string PublisherMismatch = "Identity Publisher";
        private readonly TempFolder _temp = new TempFolder();

        public void Dispose() => _temp.Dispose();

        private static string Fixture(string name) => Path.Combine(AuthenticodeTestEnvironment.FixturesFolder, "appx", name);

        private static AuthenticodeSignature VerifyCorpus(string path) => new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions()).Verify(path);

        /// <summary>
        /// EXPECTED.tsv says "valid" for signed, nested and ts_cert: every check of the signature passes here too, but the
        /// manifest's Identity Publisher is not the test signer's subject (osslsigncode does not compare them; Windows
        /// refuses to install such a package), so the verdict is PublisherNotAllowed with that one failing problem.
        /// </summary>
        [Theory]
        [InlineData("signed.256appx", "valid", "SHA256")]
        [InlineData("signed.512appx", "valid", "SHA512")]
        [InlineData("nested.256appx", "valid", "SHA256")]
        [InlineData("nested.512appx", "valid", "SHA512")]
        [InlineData("ts_cert.256appx", "valid", "SHA256")]
        [InlineData("removed.256appx", "unsigned", null)]
        [InlineData("unsigned.512appx", "unsigned", null)]
        [InlineData("revoked.256appx", "revoked", "SHA256")]
        [InlineData("ts_revoked.256appx", "revoked", "SHA256")]
        [InlineData("ts_expired.256appx", "expired", "SHA256")]
        public void CorpusVerdictsMatchExpectedTsv(string file, string expected, string? digest)
        {
            AuthenticodeSignature result = VerifyCorpus(Fixture(file));
            Assert.Equal(AuthenticodeVerifier.AppxFileType, result.FileType);
            Assert.Equal(digest, result.DigestAlgorithm);
            switch (expected)
            {
                case "valid":
                    Assert.Equal(AuthenticodeStatus.PublisherNotAllowed, result.Status);
                    Assert.Contains(PublisherMismatch, result.StatusMessage);
                    Assert.Single(result.Problems, problem => !problem.StartsWith("Nested", StringComparison.Ordinal));
                    Assert.Equal("CN=cert, OU=CSP, O=osslsigncode, L=Warsaw, S=Mazovia Province, C=PL", result.SignerSubject);
                    break;
                case "unsigned":
                    Assert.Equal(AuthenticodeStatus.NotSigned, result.Status);
                    break;
                case "revoked":
                    Assert.Equal(AuthenticodeStatus.Revoked, result.Status);
                    break;
                case "expired":
                    Assert.Equal(AuthenticodeStatus.Expired, result.Status);
                    break;
            }

            Assert.DoesNotContain(result.Problems, problem => problem.Contains("digest", StringComparison.Ordinal) || problem.Contains("block", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public void TheCorpusNestedPackageCarriesOneSignature()
        {
            // osslsigncode -nest on an APPX replaces AppxSignature.p7x: the corpus file has no nested signature
            // attribute (checked with openssl cms -print), so none is reported.
            AuthenticodeSignature result = VerifyCorpus(Fixture("nested.256appx"));
            Assert.Empty(result.NestedSignatures);
            Assert.Equal(AuthenticodeStatus.PublisherNotAllowed, result.Status);
        }

        [Fact]
        public void TimestampedPackageStaysValidAfterItsSignerExpires()
        {
            var options = AuthenticodeTestEnvironment.OsslsigncodeOptions(at: new DateTime(2035, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            AuthenticodeSignature result = new AuthenticodeVerifier(options).Verify(Fixture("ts_cert.256appx"));
            Assert.Equal(AuthenticodeStatus.PublisherNotAllowed, result.Status);
            Assert.NotNull(result.TimestampUtc);
        }

        [Fact]
        public void AByteChangedInAFileIsAHashMismatchNamingThePartAndTheBlock()
        {
            string copy = AuthenticodeTestEnvironment.CopyToTemp(Fixture("signed.256appx"), _temp);
            byte[] bytes = File.ReadAllBytes(copy);
            ZipEntryRecord exe = Layout(bytes).Find("unsigned.exe")!;
            bytes[exe.DataOffset + 100] ^= 0x20;
            File.WriteAllBytes(copy, bytes);

            AuthenticodeSignature result = VerifyCorpus(copy);
            Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
            Assert.Contains(result.Problems, problem => problem.Contains("the file records (AXPC)", StringComparison.Ordinal));
            Assert.Contains(result.Problems, problem => problem.Contains("'unsigned.exe'", StringComparison.Ordinal));
        }

        [Fact]
        public void BytesAfterTheEndRecordAreUnexpectedData()
        {
            string copy = AuthenticodeTestEnvironment.CopyToTemp(Fixture("signed.256appx"), _temp);
            File.AppendAllText(copy, "appended payload");
            AuthenticodeSignature result = VerifyCorpus(copy);
            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.Status);
            Assert.Contains("after its end-of-central-directory record", result.StatusMessage);
        }

        [Fact]
        public void AMissingBlockMapFileIsReported()
        {
            string copy = AuthenticodeTestEnvironment.CopyToTemp(Fixture("signed.256appx"), _temp);
            using (var archive = new System.IO.Compression.ZipArchive(File.Open(copy, FileMode.Open), System.IO.Compression.ZipArchiveMode.Update))
            {
                archive.GetEntry("icon.png")!.Delete();
            }

            AuthenticodeSignature result = VerifyCorpus(copy);
            Assert.False(result.IsValid);
            Assert.Contains(result.Problems, problem => problem.Contains("'icon.png', which the package does not hold", StringComparison.Ordinal));
        }

        [Fact]
        public void ATruncatedPackageIsMalformedNotACrash()
        {
            string copy = AuthenticodeTestEnvironment.CopyToTemp(Fixture("signed.256appx"), _temp);
            byte[] bytes = File.ReadAllBytes(copy);
            int cut = bytes.Length - 30;
            File.WriteAllBytes(copy, bytes.Take(cut).ToArray());
            AuthenticodeSignature result = VerifyCorpus(copy);
            Assert.False(result.IsValid);
        }

        [OsslsigncodeFact]
        public void APackageSignedByItsPublisherIsValidHereAndForOsslsigncode()
        {
            using RSA rootKey = RSA.Create(2048);
            var rootRequest = new CertificateRequest("CN=SupplyChainTools APPX Test Root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using X509Certificate2 root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));

            using RSA leafKey = RSA.Create(2048);
            var subject = new X500DistinguishedName("E=osslsigncode@example.com, CN=Certificate, OU=CSP, O=osslsigncode, L=Warsaw, S=Mazovia Province, C=PL");
            var leafRequest = new CertificateRequest(subject, leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, false));
            leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            using X509Certificate2 leaf = leafRequest.Create(root, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1), new byte[] { 1, 2, 3, 4 });
            string certificatePem = Path.Combine(_temp.Path, "leaf.pem");
            string keyPem = Path.Combine(_temp.Path, "leaf.key");
            string rootPem = Path.Combine(_temp.Path, "root.pem");
            File.WriteAllText(certificatePem, leaf.ExportCertificatePem());
            File.WriteAllText(keyPem, leafKey.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(rootPem, root.ExportCertificatePem());

            string signed = Path.Combine(_temp.Path, "publisher.appx");
            (int exitCode, string output) = OsslsigncodeDifferentialTests.RunOsslsigncode(new[] { "sign", "-certs", certificatePem, "-key", keyPem, "-h", "sha256", "-in", AuthenticodeTestEnvironment.PeFixture("unsigned.256appx"), "-out", signed });
            Assert.True(exitCode == 0, output);

            var verifier = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = new X509Certificate2Collection(root) });
            AuthenticodeSignature result = verifier.Verify(signed);
            Assert.True(result.IsValid, result.StatusMessage + " | " + string.Join(" | ", result.Problems));
            Assert.Equal(0, OsslsigncodeDifferentialTests.RunOsslsigncode(new[] { "verify", "-in", signed, "-CAfile", rootPem }).ExitCode);

            byte[] bytes = File.ReadAllBytes(signed);
            ZipEntryRecord blockMap = Layout(bytes).Find("AppxBlockMap.xml")!;
            bytes[blockMap.DataOffset + 5] ^= 0x01;
            string tampered = Path.Combine(_temp.Path, "tampered.appx");
            File.WriteAllBytes(tampered, bytes);
            Assert.False(verifier.Verify(tampered).IsValid);
            Assert.NotEqual(0, OsslsigncodeDifferentialTests.RunOsslsigncode(new[] { "verify", "-in", tampered, "-CAfile", rootPem }).ExitCode);
        }

        private static ZipArchiveLayout Layout(byte[] bytes)
        {
            var stream = new MemoryStream(bytes);
            ZipArchiveLayout layout = ZipArchiveReader.Read(stream, default);
            foreach (ZipEntryRecord entry in layout.Entries)
            {
                ZipArchiveReader.ReadLocalHeader(stream, layout, entry);
            }

            return layout;
        }
    }
}
