using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools.Core.Tests.Scripts;

namespace SupplyChainTools.Core.Tests.Scripts
{
    /// <summary>
    /// PowerShell scripts through <see cref="AuthenticodeVerifier.Verify(string, CancellationToken)"/>: the Microsoft-signed
    /// module scripts of PowerShell 7.6.9 with the default trust, and the corpus samples against EXPECTED.tsv.
    /// </summary>
    public sealed class ScriptVerificationTests
    {
        private static readonly Lazy<AuthenticodeVerifier> DefaultTrust = new Lazy<AuthenticodeVerifier>(() => new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots));

        private static readonly Lazy<AuthenticodeVerifier> CorpusConditions = new Lazy<AuthenticodeVerifier>(() => new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions()));

        public static IEnumerable<object[]> ModuleScripts() =>
            ScriptFixtures.SignedPowerShellModuleScripts().Select(path => new object[] { path });

        [PowerShellModulesFact]
        public void EveryShippedModuleScriptIsCounted()
        {
            Assert.Equal(96, ScriptFixtures.SignedPowerShellModuleScripts().Count);
        }

        [PowerShellModulesTheory]
        [MemberData(nameof(ModuleScripts))]
        public void MicrosoftSignedModuleScriptIsValidWithTheDefaultTrust(string path)
        {
            AuthenticodeSignature result = DefaultTrust.Value.Verify(path);

            Assert.True(result.IsValid, path + ": " + result.Status + " - " + result.StatusMessage + " | " + string.Join(" | ", result.Problems));
            Assert.Equal(AuthenticodeVerifier.PowerShellScriptFileType, result.FileType);
            Assert.Equal("Embedded", result.SignatureType);
            Assert.Contains("Microsoft", result.SignerSubject);
            Assert.StartsWith("CN=Microsoft Root Certificate Authority", result.RootSubject);
            Assert.Equal("Rfc3161", result.TimestampType);
        }

        [PowerShellModulesFact]
        public void InMemoryStreamGivesTheSameVerdictAsTheFile()
        {
            string path = ScriptFixtures.SignedPowerShellModuleScripts().First(file => file.EndsWith(".psm1", StringComparison.OrdinalIgnoreCase));
            using (var stream = new MemoryStream(File.ReadAllBytes(path)))
            {
                AuthenticodeSignature fromStream = DefaultTrust.Value.Verify(path, stream, default);
                AuthenticodeSignature fromFile = DefaultTrust.Value.Verify(path);
                Assert.Equal(AuthenticodeStatus.Valid, fromStream.Status);
                Assert.Equal(fromFile.SignerThumbprint, fromStream.SignerThumbprint);
                Assert.Equal(fromFile.TimestampUtc, fromStream.TimestampUtc);
            }
        }

        /// <summary>The osslsigncode-generated samples; verdicts from EXPECTED.tsv (CACert.pem, CACertCRL.pem, 2019-09-01).</summary>
        public static IEnumerable<object[]> CorpusScripts()
        {
            var verdictByPrefix = new Dictionary<string, string>
            {
                ["signed"] = AuthenticodeStatus.Valid,
                ["nested"] = AuthenticodeStatus.Valid,
                ["removed"] = AuthenticodeStatus.NotSigned,
                ["revoked"] = AuthenticodeStatus.Revoked,
                ["ts_cert"] = AuthenticodeStatus.Valid,
                ["ts_expired"] = AuthenticodeStatus.Expired,
                ["ts_revoked"] = AuthenticodeStatus.Revoked,
            };
            string[] variants = { ".ps1", ".psm1", ".psd1", ".psc1", ".mof", "_lf.ps1", "_utf16.ps1", "_utf8bom.ps1" };
            foreach (KeyValuePair<string, string> verdict in verdictByPrefix)
            {
                foreach (string variant in variants)
                {
                    yield return new object[] { verdict.Key + variant, verdict.Value };
                }
            }

            foreach (string unsigned in new[] { "unsigned.ps1", "unsigned.psc1", "unsigned.mof" })
            {
                yield return new object[] { unsigned, AuthenticodeStatus.NotSigned };
            }
        }

        [Theory]
        [MemberData(nameof(CorpusScripts))]
        public void CorpusScriptMatchesExpectedVerdict(string name, string expected)
        {
            string path = ScriptFixtures.ScriptPath(name);
            Assert.True(File.Exists(path), "fixture " + name + " is missing");

            AuthenticodeSignature result = CorpusConditions.Value.Verify(path);

            Assert.True(expected == result.Status, name + ": expected " + expected + ", got " + result.Status + " - " + result.StatusMessage + " | " + string.Join(" | ", result.Problems));
            Assert.Equal(AuthenticodeVerifier.PowerShellScriptFileType, result.FileType);
            if (expected == AuthenticodeStatus.NotSigned)
            {
                Assert.Equal("None", result.SignatureType);
                Assert.Empty(result.Problems);
                Assert.Equal("The script has no signature block.", result.StatusMessage);
            }
            else
            {
                Assert.StartsWith(name.StartsWith("revoked", StringComparison.Ordinal) || name.StartsWith("ts_revoked", StringComparison.Ordinal) ? "CN=revoked," : name.StartsWith("ts_expired", StringComparison.Ordinal) ? "CN=expired," : "CN=cert,", result.SignerSubject);
            }

            if (name.StartsWith("nested", StringComparison.Ordinal))
            {
                Assert.Equal(AuthenticodeStatus.Valid, Assert.Single(result.NestedSignatures).Status);
            }
        }

        [Theory]
        [InlineData("ts_cert.ps1")]
        [InlineData("ts_cert.psm1")]
        [InlineData("ts_cert.mof")]
        [InlineData("ts_cert_utf16.ps1")]
        public void TimestampKeepsCorpusScriptValidAfterItsSignerExpired(string name)
        {
            // EXPECTED.tsv: ts_cert samples are valid at 2035-01-01 too; without the TSA root they are not.
            var at2035 = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions(at: new DateTime(2035, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
            AuthenticodeSignature result = at2035.Verify(ScriptFixtures.ScriptPath(name));
            Assert.True(result.IsValid, result.StatusMessage);
            Assert.Equal("Rfc3161", result.TimestampType);

            var options = AuthenticodeTestEnvironment.OsslsigncodeOptions(at: new DateTime(2035, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            options.TimestampRoots = options.CodeSigningRoots;
            AuthenticodeSignature unrescued = new AuthenticodeVerifier(options).Verify(ScriptFixtures.ScriptPath(name));
            Assert.False(unrescued.IsValid);
            Assert.Contains(unrescued.Problems, problem => problem.Contains("expired on 2033"));
        }

        [Fact]
        public void WindowsSignedScriptCarriesItsDigestAndTimestamp()
        {
            // EXPECTED.tsv: valid signature and digest with the trust check skipped (self-signed CN=PowerShell);
            // SHA256; RFC3161 timestamp 2023-03-15T05:34:49Z by DigiCert Timestamp 2022 - 2.
            AuthenticodeSignature result = DefaultTrust.Value.Verify(ScriptFixtures.ScriptPath("authenticode-timestamp.ps1"));
            Assert.Equal(AuthenticodeStatus.NotTrusted, result.Status);
            Assert.Equal("SHA256", result.DigestAlgorithm);
            Assert.Equal(new DateTime(2023, 3, 15, 5, 34, 49, DateTimeKind.Utc), result.TimestampUtc);
            Assert.Contains("DigiCert Timestamp 2022 - 2", result.TimestampSigner);
            Assert.DoesNotContain(result.Problems, problem => problem.Contains("does not match") || problem.Contains("does not verify"));
        }

        [Fact]
        public void ExpiredSignerIsExpiredWithoutATimestampAndRescuedWithOne()
        {
            // EXPECTED.tsv: with the leaf certificate added as a trust root, expired-no-timestamp.ps1 is expired
            // and expired-timestamp.ps1 is valid (timestamp 2023-03-15T19:13:01Z).
            string noTimestamp = ScriptFixtures.ScriptPath("expired-no-timestamp.ps1");
            string withTimestamp = ScriptFixtures.ScriptPath("expired-timestamp.ps1");
            X509Certificate2 leaf = DefaultTrust.Value.Verify(noTimestamp).GetSignerCertificate()!;
            X509Certificate2 timestampedLeaf = DefaultTrust.Value.Verify(withTimestamp).GetSignerCertificate()!;

            var options = new AuthenticodeOptions
            {
                CodeSigningRoots = new X509Certificate2Collection { leaf, timestampedLeaf },
                TimestampRoots = AuthenticodeTestEnvironment.MicrosoftRoots.TimestampRoots,
            };
            var verifier = new AuthenticodeVerifier(options);

            AuthenticodeSignature expired = verifier.Verify(noTimestamp);
            Assert.True(expired.Status == AuthenticodeStatus.Expired, expired.StatusMessage + " | " + string.Join(" | ", expired.Problems));

            AuthenticodeSignature rescued = verifier.Verify(withTimestamp);
            Assert.True(rescued.IsValid, rescued.StatusMessage + " | " + string.Join(" | ", rescued.Problems));
            Assert.Equal(new DateTime(2023, 3, 15, 19, 13, 1, DateTimeKind.Utc), rescued.TimestampUtc);
        }

        [Fact]
        public void OtherSignatureFormatsAreNamedInTheMessage()
        {
            var verifier = CorpusConditions.Value;
            // MSI and CAB are verified formats (InstallerCorpusTests); an unsigned MSI says which stream it lacks.
            AuthenticodeSignature msi = verifier.Verify(AuthenticodeTestEnvironment.PeFixture("unsigned.msi"));
            Assert.Equal(AuthenticodeStatus.NotSigned, msi.Status);
            Assert.Equal("MSI", msi.FileType);
            Assert.Contains("DigitalSignature", msi.StatusMessage);

            AuthenticodeSignature cab = verifier.Verify(AuthenticodeTestEnvironment.PeFixture("signed.ex_"));
            Assert.Equal("CAB", cab.FileType);
            Assert.Equal(AuthenticodeStatus.Valid, cab.Status);

            AuthenticodeSignature appx = verifier.Verify(AuthenticodeTestEnvironment.PeFixture("unsigned.256appx"));
            Assert.Equal(AuthenticodeStatus.NotSigned, appx.Status);
            Assert.Equal(AuthenticodeVerifier.AppxFileType, appx.FileType);
            Assert.Contains("APPX", appx.StatusMessage);
        }

        [Fact]
        public void ScriptTextWithoutBlockIsNotSignedAndEmptyScriptToo()
        {
            var verifier = CorpusConditions.Value;
            using (var empty = new MemoryStream())
            {
                AuthenticodeSignature result = verifier.Verify("empty.ps1", empty, default);
                Assert.Equal(AuthenticodeStatus.NotSigned, result.Status);
                Assert.Equal(AuthenticodeVerifier.PowerShellScriptFileType, result.FileType);
            }

            using (var text = new MemoryStream(Encoding.UTF8.GetBytes("Get-Process\r\n")))
            {
                Assert.Equal(AuthenticodeStatus.NotSigned, verifier.Verify("x.psd1", text, default).Status);
            }
        }
    }
}
