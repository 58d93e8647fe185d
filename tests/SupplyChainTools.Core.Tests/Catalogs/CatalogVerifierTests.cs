using System;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools.Core.Tests.Catalogs;

namespace SupplyChainTools.Core.Tests.Catalogs
{
    /// <summary>
    /// The corpus catalogs through <see cref="AuthenticodeVerifier.Verify(string, CancellationToken)"/> and as the
    /// signature of their members (<see cref="CatalogVerifier"/>), under EXPECTED.tsv's conditions (CACert.pem,
    /// CACertCRL.pem, 2019-09-01).
    /// </summary>
    public sealed class CatalogVerifierTests
    {
        private static readonly Lazy<AuthenticodeVerifier> CorpusConditions = new Lazy<AuthenticodeVerifier>(() => new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions()));

        private static readonly Lazy<CatalogVerifier> SignedCatalog = new Lazy<CatalogVerifier>(() => new CatalogVerifier(CorpusConditions.Value, CatalogPath("signed.cat")));

        private static string CatalogPath(string name) => Path.Combine(CatalogFileTests.CatalogsDirectory, name);

        [Theory]
        [InlineData("signed.cat", AuthenticodeStatus.Valid)]
        [InlineData("nested.cat", AuthenticodeStatus.Valid)]
        [InlineData("revoked.cat", AuthenticodeStatus.Revoked)]
        [InlineData("ts_cert.cat", AuthenticodeStatus.Valid)]
        [InlineData("ts_expired.cat", AuthenticodeStatus.Expired)]
        [InlineData("ts_revoked.cat", AuthenticodeStatus.Revoked)]
        [InlineData("unsigned.cat", AuthenticodeStatus.NotSigned)]
        public void CorpusCatalogMatchesExpectedVerdict(string name, string expected)
        {
            AuthenticodeSignature result = CorpusConditions.Value.Verify(CatalogPath(name));

            Assert.True(expected == result.Status, name + ": expected " + expected + ", got " + result.Status + " - " + result.StatusMessage);
            Assert.Equal(AuthenticodeVerifier.CatalogFileType, result.FileType);
            Assert.Equal(expected == AuthenticodeStatus.NotSigned ? "None" : "Catalog", result.SignatureType);
        }

        [Fact]
        public void RegeneratedNestedCatalogHoldsOnlyItsPrimarySignature()
        {
            // EXPECTED.tsv's note says "primary + nested", but the corpus copy regenerated with osslsigncode 2.9
            // carries one signature (osslsigncode verify reports "Number of verified signatures: 1" too).
            AuthenticodeSignature result = CorpusConditions.Value.Verify(CatalogPath("nested.cat"));
            Assert.True(result.IsValid, result.StatusMessage);
            Assert.Empty(result.NestedSignatures);
        }

        [Fact]
        public void TimestampedCatalogStaysValidIn2035()
        {
            var at2035 = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions(at: new DateTime(2035, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
            AuthenticodeSignature result = at2035.Verify(CatalogPath("ts_cert.cat"));
            Assert.True(result.IsValid, result.StatusMessage);
            Assert.Equal("Rfc3161", result.TimestampType);
        }

        [Fact]
        public void CatalogUnderAnotherExtensionIsRecognisedByItsContent()
        {
            using (var stream = new MemoryStream(File.ReadAllBytes(CatalogPath("signed.cat"))))
            {
                AuthenticodeSignature result = CorpusConditions.Value.Verify("signed.p7", stream, default);
                Assert.Equal(AuthenticodeStatus.Valid, result.Status);
                Assert.Equal(AuthenticodeVerifier.CatalogFileType, result.FileType);
            }
        }

        [Fact]
        public void DamagedCatalogIsOneResultNotAnException()
        {
            byte[] bytes = File.ReadAllBytes(CatalogPath("signed.cat"));
            using (var truncated = new MemoryStream(bytes.Take(bytes.Length / 2).ToArray()))
            {
                AuthenticodeSignature result = CorpusConditions.Value.Verify("signed.cat", truncated, default);
                Assert.Equal(AuthenticodeStatus.Malformed, result.Status);
                Assert.Equal(AuthenticodeVerifier.CatalogFileType, result.FileType);
            }

            byte[] flipped = (byte[])bytes.Clone();
            flipped[flipped.Length / 3] ^= 0x01;
            using (var stream = new MemoryStream(flipped))
            {
                Assert.False(CorpusConditions.Value.Verify("signed.cat", stream, default).IsValid);
            }
        }

        [Theory]
        [InlineData("unsigned.exe", "PE")]
        [InlineData("unsigned.ex_", CatalogVerifier.PlainFileType)]
        [InlineData("unsigned.msi", CatalogVerifier.PlainFileType)]
        [InlineData("unsigned.js", CatalogVerifier.PlainFileType)]
        [InlineData("unsigned.ps1", AuthenticodeVerifier.PowerShellScriptFileType)]
        [InlineData("unsigned.psc1", AuthenticodeVerifier.PowerShellScriptFileType)]
        [InlineData("unsigned.mof", AuthenticodeVerifier.PowerShellScriptFileType)]
        public void UnsignedSampleIsValidAsAMemberOfTheSignedCatalog(string name, string fileType)
        {
            // EXPECTED.tsv: "unsigned.* [-catalog signed.cat]  valid (member of signed.cat)".
            AuthenticodeSignature result = SignedCatalog.Value.VerifyMember(CatalogPath(name), null, default);

            Assert.True(result.IsValid, name + ": " + result.Status + " - " + result.StatusMessage);
            Assert.Equal("Catalog", result.SignatureType);
            Assert.Equal(fileType, result.FileType);
            Assert.Equal("SHA256", result.DigestAlgorithm);
            Assert.StartsWith("CN=cert,", result.SignerSubject);
            Assert.StartsWith("CN=Root CA,", result.RootSubject);
            Assert.Contains("'" + name + "'", result.StatusMessage);

            // The file on its own carries no signature: only the catalog vouches for it.
            if (fileType != CatalogVerifier.PlainFileType)
            {
                Assert.Equal(AuthenticodeStatus.NotSigned, CorpusConditions.Value.Verify(CatalogPath(name)).Status);
            }
        }

        [Theory]
        [InlineData("unsigned.exe", 0x200)]
        [InlineData("unsigned.ps1", 5)]
        [InlineData("unsigned.msi", 0x100)]
        [InlineData("unsigned.ex_", 0x40)]
        public void ModifiedMemberIsHashMismatch(string name, int offset)
        {
            byte[] bytes = File.ReadAllBytes(CatalogPath(name));
            bytes[offset] ^= 0x20;
            using (var stream = new MemoryStream(bytes))
            {
                AuthenticodeSignature result = SignedCatalog.Value.VerifyMember(Path.Combine("elsewhere", name), stream, default);

                Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
                Assert.Contains("changed since catalog 'signed.cat' was signed", result.StatusMessage);
                Assert.StartsWith("CN=cert,", result.SignerSubject);
            }
        }

        [Fact]
        public void FileThatIsNotAMemberIsNotSigned()
        {
            using (var stream = new MemoryStream(new byte[] { 1, 2, 3 }))
            {
                AuthenticodeSignature result = SignedCatalog.Value.VerifyMember("other.dll", stream, default);
                Assert.Equal(AuthenticodeStatus.NotSigned, result.Status);
                Assert.Contains("not listed in catalog 'signed.cat'", result.StatusMessage);
            }
        }

        [Theory]
        [InlineData("revoked.cat", AuthenticodeStatus.Revoked)]
        [InlineData("ts_expired.cat", AuthenticodeStatus.Expired)]
        [InlineData("unsigned.cat", AuthenticodeStatus.NotSigned)]
        public void MemberOfAnInvalidCatalogTakesTheCatalogStatus(string catalogName, string expected)
        {
            var catalog = new CatalogVerifier(CorpusConditions.Value, CatalogPath(catalogName));
            Assert.Equal(expected, catalog.CatalogSignature.Status);

            AuthenticodeSignature result = catalog.VerifyMember(CatalogPath("unsigned.exe"), null, default);

            Assert.Equal(expected, result.Status);
            Assert.Contains(catalogName, result.StatusMessage);
            Assert.Contains(result.Problems, problem => problem.Contains("is listed in catalog"));
        }

        [Fact]
        public void OneCatalogVerifierServesParallelCallers()
        {
            string[] members = { "unsigned.exe", "unsigned.ex_", "unsigned.msi", "unsigned.ps1", "unsigned.psc1", "unsigned.mof", "unsigned.js" };
            var catalog = new CatalogVerifier(CorpusConditions.Value, "signed.cat", File.ReadAllBytes(CatalogPath("signed.cat")));
            string[] statuses = Enumerable.Range(0, 56).AsParallel()
                .Select(i => catalog.VerifyMember(CatalogPath(members[i % members.Length]), null, default).Status)
                .ToArray();
            Assert.All(statuses, status => Assert.Equal(AuthenticodeStatus.Valid, status));
        }
    }
}
