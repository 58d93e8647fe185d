using System;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>
    /// The PE samples of the shared corpus (copied into tests/fixtures/authenticode, see ORIGIN-pe.md)
    /// against the verdicts in its EXPECTED.tsv, under the conditions listed there.
    /// </summary>
    public sealed class CorpusTests
    {
        [Theory]
        [InlineData("signed.exe", AuthenticodeStatus.Valid)]
        [InlineData("nested.exe", AuthenticodeStatus.Valid)]
        [InlineData("removed.exe", AuthenticodeStatus.NotSigned)]
        [InlineData("revoked.exe", AuthenticodeStatus.Revoked)]
        [InlineData("ts_cert.exe", AuthenticodeStatus.Valid)]
        [InlineData("ts_expired.exe", AuthenticodeStatus.Expired)]
        [InlineData("ts_revoked.exe", AuthenticodeStatus.Revoked)]
        [InlineData("unsigned.exe", AuthenticodeStatus.NotSigned)]
        [InlineData("test.exe", AuthenticodeStatus.NotSigned)]
        public void OsslsigncodeSetMatchesExpectedAtTheCorpusTime(string file, string expected)
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            AuthenticodeSignature result = verifier.Verify(AuthenticodeTestEnvironment.PeFixture(file));
            Assert.True(expected == result.Status, file + ": expected " + expected + ", got " + result.Status + " - " + result.StatusMessage);
            Assert.Equal("PE", result.FileType);
        }

        [Fact]
        public void SignedFilesCarryTheTestPkiChain()
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            AuthenticodeSignature result = verifier.Verify(AuthenticodeTestEnvironment.PeFixture("signed.exe"));
            Assert.StartsWith("CN=cert,", result.SignerSubject);
            Assert.StartsWith("CN=Intermediate CA,", result.IssuerSubject);
            Assert.StartsWith("CN=Root CA,", result.RootSubject);
            Assert.Equal(3, result.Chain.Length);
            Assert.Equal("None", result.TimestampType);
        }

        [Fact]
        public void NestedSignatureIsReportedAndVerified()
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            AuthenticodeSignature result = verifier.Verify(AuthenticodeTestEnvironment.PeFixture("nested.exe"));
            AuthenticodeSignature nested = Assert.Single(result.NestedSignatures);
            Assert.Equal(AuthenticodeStatus.Valid, nested.Status);
            Assert.StartsWith("CN=cert,", nested.SignerSubject);
            Assert.Equal(result.Path, nested.Path);
        }

        [Fact]
        public void RevocationNeedsTheCrlFileBecauseNothingIsFetched()
        {
            var offline = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions(withCrls: false));
            Assert.Equal(AuthenticodeStatus.Valid, offline.Verify(AuthenticodeTestEnvironment.PeFixture("revoked.exe")).Status);

            var withCrl = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            AuthenticodeSignature revoked = withCrl.Verify(AuthenticodeTestEnvironment.PeFixture("revoked.exe"));
            Assert.Equal(AuthenticodeStatus.Revoked, revoked.Status);
            Assert.Contains("revoked on 2019-01-01", revoked.StatusMessage);
        }

        [Fact]
        public void RevocationAfterTheSigningTimeDoesNotRevoke()
        {
            // The CRL revokes CN=revoked as of 2019-01-01; a verification as of 2018-06-01 predates it.
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions(at: new DateTime(2018, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
            Assert.Equal(AuthenticodeStatus.Valid, verifier.Verify(AuthenticodeTestEnvironment.PeFixture("revoked.exe")).Status);
        }

        [Fact]
        public void TimestampedSignatureStaysValidAfterTheCorpusPkiIsLongExpired()
        {
            // EXPECTED.tsv: ts_cert is valid at 2019-09-01 and at 2035-01-01 (signer certificate expires 2033).
            var at2035 = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions(at: new DateTime(2035, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
            AuthenticodeSignature result = at2035.Verify(AuthenticodeTestEnvironment.PeFixture("ts_cert.exe"));
            Assert.Equal(AuthenticodeStatus.Valid, result.Status);
            Assert.Equal("Rfc3161", result.TimestampType);
            Assert.Equal(new DateTime(2019, 5, 1, 0, 0, 0, DateTimeKind.Utc), result.TimestampUtc);
            Assert.StartsWith("CN=TSA,", result.TimestampSigner);

            // Without a trusted time-stamping root the timestamp is rejected and cannot rescue the expired signer.
            var options = AuthenticodeTestEnvironment.OsslsigncodeOptions(at: new DateTime(2035, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            options.TimestampRoots = options.CodeSigningRoots;
            AuthenticodeSignature unrescued = new AuthenticodeVerifier(options).Verify(AuthenticodeTestEnvironment.PeFixture("ts_cert.exe"));
            Assert.Contains(unrescued.Problems, problem => problem.Contains("expired on 2033"));
            Assert.False(unrescued.IsValid);
        }

        [Fact]
        public void TimestampLaterThanTheVerificationTimeIsNotUsed()
        {
            // As of 2019-03-01 the 2019-05-01 timestamp did not exist yet: the signature is judged at 2019-03-01.
            var before = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions(at: new DateTime(2019, 3, 1, 0, 0, 0, DateTimeKind.Unspecified)));
            AuthenticodeSignature result = before.Verify(AuthenticodeTestEnvironment.PeFixture("ts_cert.exe"));
            Assert.Equal(AuthenticodeStatus.Valid, result.Status);
            Assert.Contains(result.Problems, problem => problem.Contains("later than the verification time 2019-03-01"));

            // ts_expired's signer expired 2019-01-01, before its 2019-05-01 timestamp; as of 2018-06-01 it was still valid.
            var earlier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions(at: new DateTime(2018, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
            Assert.Equal(AuthenticodeStatus.Valid, earlier.Verify(AuthenticodeTestEnvironment.PeFixture("ts_expired.exe")).Status);
        }

        [Fact]
        public void PageHashesAreVerified()
        {
            // ts_cert.exe carries SHA-256 page hashes (osslsigncode -ph); a byte flipped inside a section is caught by both.
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            Assert.Equal(AuthenticodeStatus.Valid, verifier.Verify(AuthenticodeTestEnvironment.PeFixture("ts_cert.exe")).Status);

            using (var temp = new TempFolder())
            {
                string copy = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("ts_cert.exe"), temp);
                byte[] bytes = File.ReadAllBytes(copy);
                bytes[0x2000] ^= 0x01;
                File.WriteAllBytes(copy, bytes);
                AuthenticodeSignature result = verifier.Verify(copy);
                Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
                Assert.Contains(result.Problems, problem => problem.Contains("page hashes"));
            }
        }

        [Fact]
        public void AuthenticodeExaminerSamplesMatchWinVerifyTrust()
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots);
            AuthenticodeSignature good = verifier.Verify(AuthenticodeTestEnvironment.PeFixture("AuthenticodeExaminer-good.dl_"));
            Assert.True(good.IsValid, good.StatusMessage);
            Assert.Equal("SHA256", good.DigestAlgorithm);
            Assert.Contains("CN=Kevin Jones", good.SignerSubject);
            Assert.Equal("Rfc3161", good.TimestampType);
            Assert.Contains("DigiCert SHA2 Timestamp Responder", good.TimestampSigner);

            AuthenticodeSignature bad = verifier.Verify(AuthenticodeTestEnvironment.PeFixture("AuthenticodeExaminer-bad.dl_"));
            Assert.Equal(AuthenticodeStatus.HashMismatch, bad.Status);
            Assert.Contains("CN=Kevin Jones", bad.SignerSubject);
        }

        [Fact]
        public void DualSignedFileHasTwoTimestampedSignaturesWhoseDigestsMatch()
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots);
            AuthenticodeSignature result = verifier.Verify(AuthenticodeTestEnvironment.PeFixture("test-dual-signed.exe"));
            Assert.Equal("SHA256", result.DigestAlgorithm);
            AuthenticodeSignature nested = Assert.Single(result.NestedSignatures);
            Assert.Equal("SHA384", nested.DigestAlgorithm);
            Assert.Equal("Rfc3161", result.TimestampType);
            Assert.Equal("Rfc3161", nested.TimestampType);
            Assert.DoesNotContain(result.Problems, problem => problem.Contains("digest") && problem.Contains("does not match"));

            // The self-signed CN=PowerShell test signer is not in any trust list: the only failure is trust.
            Assert.Equal(AuthenticodeStatus.NotTrusted, result.Status);
            Assert.Equal(AuthenticodeStatus.NotTrusted, nested.Status);
        }

        [Fact]
        public void CatalogSignatureVerifiesThroughTheDetachedSeam()
        {
            // A catalog's signature covers its CTL (member digests), not an SpcIndirectDataContent;
            // matching a file against a member is the catalog engine's job, so no content digest is asked for.
            byte[] catalog = File.ReadAllBytes(AuthenticodeTestEnvironment.PeFixture("signed.cat"));
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            AuthenticodeSignature result = verifier.VerifyDetachedContent(
                "signed.cat", "Catalog", catalog, algorithm => throw new InvalidOperationException("no content digest for a catalog"), Array.Empty<string>(), null, default);
            Assert.True(result.IsValid, result.StatusMessage);
            Assert.Equal("Catalog", result.SignatureType);
            Assert.Equal("Catalog", result.FileType);
            Assert.StartsWith("CN=cert,", result.SignerSubject);

            byte[] tampered = (byte[])catalog.Clone();
            tampered[tampered.Length / 3] ^= 0x01;
            AuthenticodeSignature broken = verifier.VerifyDetachedContent(
                "signed.cat", "Catalog", tampered, algorithm => throw new InvalidOperationException("no content digest for a catalog"), Array.Empty<string>(), null, default);
            Assert.False(broken.IsValid);
        }

        [Fact]
        public void AZipThatIsNoPackageIsNamedNotGuessed()
        {
            string zip = Path.Combine(Path.GetTempPath(), "sct-plain-" + Guid.NewGuid().ToString("N") + ".zip");
            try
            {
                using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
                using (var writer = new StreamWriter(archive.CreateEntry("readme.txt").Open()))
                {
                    writer.Write("not a package");
                }

                var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
                AuthenticodeSignature result = verifier.Verify(zip);
                Assert.Equal(AuthenticodeStatus.NotSupportedFileFormat, result.Status);
                Assert.Equal("ZIP", result.FileType);
                Assert.Contains("ZIP", result.StatusMessage);
            }
            finally
            {
                File.Delete(zip);
            }
        }

        [Fact]
        public void ResultsWithoutASignatureCanBeCreatedByFormatEngines()
        {
            AuthenticodeSignature unsigned = AuthenticodeVerifier.CreateResultWithoutSignature("a.ps1", "PowerShellScript", AuthenticodeStatus.NotSigned, "The script has no signature block.");
            Assert.Equal(AuthenticodeStatus.NotSigned, unsigned.Status);
            Assert.Equal("None", unsigned.SignatureType);
            Assert.Empty(unsigned.Problems);
            Assert.False(unsigned.IsValid);

            AuthenticodeSignature malformed = AuthenticodeVerifier.CreateResultWithoutSignature("a.ps1", "PowerShellScript", AuthenticodeStatus.Malformed, "The signature block is not base64.");
            Assert.Equal(new[] { "The signature block is not base64." }, malformed.Problems);

            Assert.Throws<ArgumentException>(() => AuthenticodeVerifier.CreateResultWithoutSignature("a.ps1", "PowerShellScript", AuthenticodeStatus.Valid, "valid"));
            Assert.Throws<ArgumentException>(() => AuthenticodeVerifier.CreateResultWithoutSignature("a.ps1", "PowerShellScript", "Fine", "fine"));
        }

        [Fact]
        public void MissingFileThrows()
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            Assert.Throws<FileNotFoundException>(() => verifier.Verify(Path.Combine(AuthenticodeTestEnvironment.FixturesFolder, "no-such-file.exe")));
        }

        [Fact]
        public void EmptyAndTinyFilesAreResults()
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            using (var empty = new MemoryStream())
            {
                Assert.Equal(AuthenticodeStatus.NotSupportedFileFormat, verifier.Verify("empty", empty, default).Status);
            }

            using (var mz = new MemoryStream(new byte[] { (byte)'M', (byte)'Z', 0 }))
            {
                Assert.Equal(AuthenticodeStatus.Malformed, verifier.Verify("mz", mz, default).Status);
            }
        }
    }
}
