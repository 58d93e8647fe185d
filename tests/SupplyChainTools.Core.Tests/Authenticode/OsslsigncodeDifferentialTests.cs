using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChainTools;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Trust;
using Xunit.Abstractions;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>Runs only where osslsigncode is installed; elsewhere it is reported as skipped, with the reason.</summary>
    public sealed class OsslsigncodeFactAttribute : FactAttribute
    {
        public OsslsigncodeFactAttribute()
        {
            if (OsslsigncodeDifferentialTests.OsslsigncodePath == null)
            {
                Skip = "osslsigncode is not installed (apt-get install osslsigncode): the differential test against it cannot run.";
            }
        }
    }

    /// <summary>
    /// A second opinion: files signed by osslsigncode with a PKI made here, verified by both
    /// osslsigncode and this engine. Where osslsigncode is known to be wrong (it accepts a file
    /// when any one signature verifies) the divergence is asserted explicitly.
    /// </summary>
    public sealed partial class OsslsigncodeDifferentialTests : IDisposable
    {
        private const string Password = "differential";
        private readonly ITestOutputHelper _output;
        private readonly TempFolder _temp = new TempFolder();

        public OsslsigncodeDifferentialTests(ITestOutputHelper output)
        {
            _output = output;
        }

        internal static string? OsslsigncodePath
        {
            get
            {
                string? pathVariable = Environment.GetEnvironmentVariable("PATH");
                IEnumerable<string> folders = (pathVariable ?? string.Empty).Split(Path.PathSeparator).Concat(new[] { "/usr/bin", "/usr/local/bin" });
                return folders.Where(folder => folder.Length > 0)
                    .Select(folder => Path.Combine(folder, "osslsigncode"))
                    .FirstOrDefault(File.Exists);
            }
        }

        public void Dispose() => _temp.Dispose();

        [OsslsigncodeFact]
        public void VerdictsAgreeWithOsslsigncode()
        {
            using var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"), _temp);

            var trusted = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.RootCollection });
            var cases = new List<(string Name, string File, string RootPem, string ExpectedStatus)>();

            string sha256 = Sign(pki.LeafPfx, unsigned, "sha256.exe", "sha256");
            cases.Add(("SHA-256", sha256, pki.RootPem, AuthenticodeStatus.Valid));
            cases.Add(("SHA-512 with page hashes", Sign(pki.LeafPfx, unsigned, "ph.exe", "sha512", "-ph"), pki.RootPem, AuthenticodeStatus.Valid));
            cases.Add(("SHA-1", Sign(pki.LeafPfx, unsigned, "sha1.exe", "sha1"), pki.RootPem, AuthenticodeStatus.Valid));
            cases.Add(("nested SHA-256 + SHA-384", Nest(pki.LeafPfx, sha256, "nested.exe", "sha384"), pki.RootPem, AuthenticodeStatus.Valid));
            cases.Add(("expired signer", Sign(pki.ExpiredPfx, unsigned, "expired.exe", "sha256"), pki.RootPem, AuthenticodeStatus.Expired));
            cases.Add(("unrelated root", sha256, pki.OtherRootPem, AuthenticodeStatus.NotTrusted));

            string tampered = Path.Combine(_temp.Path, "tampered.exe");
            byte[] bytes = File.ReadAllBytes(sha256);
            bytes[0x1200] ^= 0x01;
            File.WriteAllBytes(tampered, bytes);
            cases.Add(("tampered after signing", tampered, pki.RootPem, AuthenticodeStatus.HashMismatch));

            foreach ((string name, string file, string rootPem, string expectedStatus) in cases)
            {
                var options = new AuthenticodeOptions
                {
                    CodeSigningRoots = TrustedRootStore.LoadPemBundle(rootPem),
                    TimestampRoots = TrustedRootStore.LoadPemBundle(rootPem),
                };
                AuthenticodeSignature ours = new AuthenticodeVerifier(options).Verify(file);
                bool theirs = OsslsigncodeVerifies(file, rootPem);
                _output.WriteLine(name + ": ours " + ours.Status + ", osslsigncode " + (theirs ? "valid" : "invalid"));
                Assert.True(expectedStatus == ours.Status, name + ": expected " + expectedStatus + ", got " + ours.Status + " - " + ours.StatusMessage);
                Assert.True(ours.IsValid == theirs, name + ": this engine says " + ours.Status + " but osslsigncode says " + (theirs ? "valid" : "invalid"));
            }

            AuthenticodeSignature sha1 = trusted.Verify(cases.Single(c => c.Name == "SHA-1").File);
            Assert.Contains(sha1.Problems, problem => problem.Contains("SHA-1"));
            var strict = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.RootCollection, FailOnSha1 = true });
            Assert.Equal(AuthenticodeStatus.WeakAlgorithm, strict.Verify(cases.Single(c => c.Name == "SHA-1").File).Status);
        }

        [OsslsigncodeFact]
        public void NestedSignatureByAnExpiredSignerFailsHereButPassesOsslsigncode()
        {
            // osslsigncode accepts the file because one of its signatures verifies; every signature
            // a file carries must hold here, or a bad signature could ride along with a good one.
            using var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"), _temp);
            string primary = Sign(pki.LeafPfx, unsigned, "primary.exe", "sha256");
            string nested = Nest(pki.ExpiredPfx, primary, "nested-expired.exe", "sha512");

            AuthenticodeSignature ours = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.RootCollection }).Verify(nested);
            Assert.Equal(AuthenticodeStatus.Expired, ours.Status);
            Assert.Equal(AuthenticodeStatus.Expired, Assert.Single(ours.NestedSignatures).Status);
            Assert.True(OsslsigncodeVerifies(nested, pki.RootPem), "osslsigncode was expected to accept a file with one good signature");
        }

        [OsslsigncodeFact]
        public void TimestampedSignaturesAgreeWithOsslsigncode()
        {
            using var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"), _temp);
            DateTimeOffset signedAt = DateTimeOffset.UtcNow.AddDays(-10);
            string[] timestampArguments = { "-TSA-certs", pki.TsaCertificatesPem, "-TSA-key", pki.TsaKeyPem, "-TSA-time", signedAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) };
            string timestamped = Sign(pki.LeafPfx, unsigned, "timestamped.exe", "sha256", timestampArguments);

            var options = new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.TsaRootCollection };
            AuthenticodeSignature ours = new AuthenticodeVerifier(options).Verify(timestamped);
            Assert.True(ours.IsValid, ours.StatusMessage);
            Assert.Equal("Rfc3161", ours.TimestampType);
            Assert.Equal(signedAt.ToUnixTimeSeconds(), new DateTimeOffset(ours.TimestampUtc!.Value).ToUnixTimeSeconds());
            Assert.Equal("CN=SupplyChainTools Differential TSA", ours.TimestampSigner);
            (int exitCode, string text) = RunOsslsigncode(new[] { "verify", "-in", timestamped, "-CAfile", pki.RootPem, "-TSA-CAfile", pki.TsaRootPem });
            Assert.True(exitCode == 0, "osslsigncode rejected the timestamped file: " + text);

            // Two years on the signer certificate has expired; the timestamp vouches for the signing time...
            options.VerificationTime = DateTime.UtcNow.AddYears(2);
            Assert.Equal(AuthenticodeStatus.Valid, new AuthenticodeVerifier(options).Verify(timestamped).Status);

            // ...except for a lifetime-signing certificate, whose signatures die with it.
            string lifetimePfx = pki.CreateLeafPfx("lifetime", new[] { ChainVerifier.CodeSigningEku, "1.3.6.1.4.1.311.10.3.13" }, X509KeyUsageFlags.DigitalSignature, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(1));
            string lifetime = Sign(lifetimePfx, unsigned, "lifetime.exe", "sha256", timestampArguments);
            AuthenticodeSignature lifetimeResult = new AuthenticodeVerifier(options).Verify(lifetime);
            Assert.Equal(AuthenticodeStatus.Expired, lifetimeResult.Status);
            Assert.Contains(lifetimeResult.Problems, problem => problem.Contains("lifetime signing"));
        }

        [OsslsigncodeFact]
        public void CertificateUsageIsEnforced()
        {
            using var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"), _temp);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            var options = new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.TsaRootCollection };
            var verifier = new AuthenticodeVerifier(options);

            string serverAuthPfx = pki.CreateLeafPfx("server", new[] { "1.3.6.1.5.5.7.3.1" }, X509KeyUsageFlags.DigitalSignature, now.AddDays(-1), now.AddYears(1));
            AuthenticodeSignature wrongEku = verifier.Verify(Sign(serverAuthPfx, unsigned, "server.exe", "sha256"));
            Assert.Equal(AuthenticodeStatus.InvalidCertificateUsage, wrongEku.Status);

            string encipherOnlyPfx = pki.CreateLeafPfx("encipher", new[] { ChainVerifier.CodeSigningEku }, X509KeyUsageFlags.KeyEncipherment, now.AddDays(-1), now.AddYears(1));
            AuthenticodeSignature wrongKeyUsage = verifier.Verify(Sign(encipherOnlyPfx, unsigned, "encipher.exe", "sha256"));
            Assert.Equal(AuthenticodeStatus.InvalidCertificateUsage, wrongKeyUsage.Status);
            Assert.Contains("digital signatures", wrongKeyUsage.StatusMessage);
        }

        [OsslsigncodeFact]
        public void SignerWithoutExtendedKeyUsageIsUnrestricted()
        {
            // RFC 5280 4.2.1.12: no EKU extension means no restriction (CryptoAPI, osslsigncode and .NET agree).
            using var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"), _temp);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            var options = new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.TsaRootCollection };

            string noEkuPfx = pki.CreateLeafPfx("no-eku", null, X509KeyUsageFlags.DigitalSignature, now.AddDays(-1), now.AddYears(1));
            string noEku = Sign(noEkuPfx, unsigned, "no-eku.exe", "sha256");
            AuthenticodeSignature unrestricted = new AuthenticodeVerifier(options).Verify(noEku);
            Assert.True(unrestricted.IsValid, unrestricted.StatusMessage);
            Assert.True(OsslsigncodeVerifies(noEku, pki.RootPem), "osslsigncode was expected to accept a signer without an EKU extension");
        }

        [Fact]
        public void TimestampCertificateMustCarryTheTimeStampingExtendedKeyUsage()
        {
            // RFC 3161 2.3: a TSA certificate must carry time stamping as its extended key usage (osslsigncode will not
            // even make a timestamp without it), so for time stamping an absent EKU is not unrestricted.
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest("CN=SupplyChainTools TSA without EKU", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            using X509Certificate2 tsa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            var roots = new X509Certificate2Collection(tsa);
            DateTime now = DateTime.UtcNow;

            var timestamping = new ChainVerifier(roots, false, false, Array.Empty<CertificateRevocationList>(), ChainVerifier.TimeStampingEku, "time stamping");
            Assert.Contains(timestamping.Verify(tsa, new X509Certificate2Collection(), now, now).Problems, problem => problem.Status == AuthenticodeStatus.InvalidCertificateUsage && problem.Message.Contains("time stamping", StringComparison.Ordinal));
            var codeSigning = new ChainVerifier(roots, false, false, Array.Empty<CertificateRevocationList>(), ChainVerifier.CodeSigningEku, "code signing");
            Assert.Empty(codeSigning.Verify(tsa, new X509Certificate2Collection(), now, now).Problems);
        }

        [OsslsigncodeFact]
        public void Md5DigestIsWeakHereButPassesOsslsigncode()
        {
            // MD5 collisions are practical, so an MD5 image digest proves nothing; osslsigncode still accepts it.
            using var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"), _temp);
            string md5 = Sign(pki.LeafPfx, unsigned, "md5.exe", "md5");

            AuthenticodeSignature ours = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection }).Verify(md5);
            Assert.Equal(AuthenticodeStatus.WeakAlgorithm, ours.Status);
            Assert.Equal("MD5", ours.DigestAlgorithm);
            Assert.Contains("MD5", ours.StatusMessage);
            Assert.True(OsslsigncodeVerifies(md5, pki.RootPem), "osslsigncode was expected to accept the MD5 signature");
        }

        private string Sign(string pfx, string input, string outputName, string hash, params string[] extra)
        {
            string output = Path.Combine(_temp.Path, outputName);
            var arguments = new List<string> { "sign", "-pkcs12", pfx, "-pass", Password, "-h", hash };
            arguments.AddRange(extra);
            arguments.AddRange(new[] { "-in", input, "-out", output });
            (int exitCode, string text) = RunOsslsigncode(arguments);
            Assert.True(exitCode == 0, "osslsigncode sign failed: " + text);
            return output;
        }

        private string Nest(string pfx, string input, string outputName, string hash) => Sign(pfx, input, outputName, hash, "-nest");

        private static bool OsslsigncodeVerifies(string file, string rootPem)
        {
            (int exitCode, _) = RunOsslsigncode(new[] { "verify", "-in", file, "-CAfile", rootPem });
            return exitCode == 0;
        }

        internal static (int ExitCode, string Output) RunOsslsigncode(IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo(OsslsigncodePath!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using (Process process = Process.Start(start)!)
            {
                var stderr = process.StandardError.ReadToEndAsync();
                string stdout = process.StandardOutput.ReadToEnd();
                if (!process.WaitForExit(30_000))
                {
                    process.Kill();
                    throw new TimeoutException("osslsigncode did not finish in 30 s.");
                }

                return (process.ExitCode, stdout + stderr.Result);
            }
        }

        /// <summary>Root, intermediate, a code-signing leaf and an expired leaf, an unrelated root, and a TSA.</summary>
        private sealed partial class TestPki : IDisposable
        {
            private readonly string _folder;
            private readonly X509Certificate2 _intermediate;
            private readonly RSA _intermediateKey = RSA.Create(2048);

            public TestPki(string folder)
            {
                _folder = folder;
                DateTimeOffset now = DateTimeOffset.UtcNow;
                using (RSA rootKey = RSA.Create(2048))
                using (RSA otherRootKey = RSA.Create(2048))
                using (RSA tsaRootKey = RSA.Create(2048))
                using (RSA tsaKey = RSA.Create(2048))
                {
                    X509Certificate2 root = CreateCa("CN=SupplyChainTools Differential Root", rootKey, null, null, now.AddYears(-3), now.AddYears(10));
                    X509Certificate2 otherRoot = CreateCa("CN=SupplyChainTools Unrelated Root", otherRootKey, null, null, now.AddYears(-3), now.AddYears(10));
                    _intermediate = CreateCa("CN=SupplyChainTools Differential Intermediate", _intermediateKey, root, rootKey, now.AddYears(-3), now.AddYears(9));

                    RootCollection = new X509Certificate2Collection(root);
                    RootPem = WritePem(Path.Combine(folder, "root.pem"), root);
                    OtherRootPem = WritePem(Path.Combine(folder, "other-root.pem"), otherRoot);
                    LeafPfx = CreateLeafPfx("leaf", new[] { ChainVerifier.CodeSigningEku }, X509KeyUsageFlags.DigitalSignature, now.AddDays(-30), now.AddYears(1));
                    ExpiredPfx = CreateLeafPfx("expired", new[] { ChainVerifier.CodeSigningEku }, X509KeyUsageFlags.DigitalSignature, now.AddYears(-2), now.AddYears(-1));

                    X509Certificate2 tsaRoot = CreateCa("CN=SupplyChainTools Differential TSA Root", tsaRootKey, null, null, now.AddYears(-3), now.AddYears(10));
                    var tsaRequest = new CertificateRequest("CN=SupplyChainTools Differential TSA", tsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    tsaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                    tsaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                    tsaRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(ChainVerifier.TimeStampingEku) }, true));
                    X509Certificate2 tsa = tsaRequest.Create(tsaRoot.SubjectName, X509SignatureGenerator.CreateForRSA(tsaRootKey, RSASignaturePadding.Pkcs1), now.AddYears(-2), now.AddYears(8), NewSerial());
                    TsaRootCollection = new X509Certificate2Collection(tsaRoot);
                    TsaRootPem = WritePem(Path.Combine(folder, "tsa-root.pem"), tsaRoot);
                    TsaCertificatesPem = Path.Combine(folder, "tsa-chain.pem");
                    File.WriteAllText(TsaCertificatesPem, Pem("CERTIFICATE", tsa.RawData) + Pem("CERTIFICATE", tsaRoot.RawData), Encoding.ASCII);
                    TsaKeyPem = Path.Combine(folder, "tsa.key");
                    File.WriteAllText(TsaKeyPem, Pem("PRIVATE KEY", tsaKey.ExportPkcs8PrivateKey()), Encoding.ASCII);
                }
            }

            public X509Certificate2Collection RootCollection { get; }

            public string RootPem { get; }

            public string OtherRootPem { get; }

            public string LeafPfx { get; }

            public string ExpiredPfx { get; }

            public X509Certificate2Collection TsaRootCollection { get; }

            public string TsaRootPem { get; }

            public string TsaCertificatesPem { get; }

            public string TsaKeyPem { get; }

            public void Dispose() => _intermediateKey.Dispose();

            /// <summary>A leaf issued by the intermediate, exported with the intermediate as a PFX for osslsigncode.</summary>
            public string CreateLeafPfx(string name, string[]? extendedKeyUsages, X509KeyUsageFlags keyUsage, DateTimeOffset notBefore, DateTimeOffset notAfter)
            {
                using (RSA key = RSA.Create(2048))
                {
                    var request = new CertificateRequest("CN=SupplyChainTools Differential " + name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                    request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
                    if (extendedKeyUsages != null)
                    {
                        var usages = new OidCollection();
                        foreach (string usage in extendedKeyUsages)
                        {
                            usages.Add(new Oid(usage));
                        }

                        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
                    }

                    X509Certificate2 certificate = request.Create(_intermediate.SubjectName, X509SignatureGenerator.CreateForRSA(_intermediateKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, NewSerial());
                    string path = Path.Combine(_folder, name + ".pfx");
                    var bundle = new X509Certificate2Collection { certificate.CopyWithPrivateKey(key), _intermediate };
                    File.WriteAllBytes(path, bundle.Export(X509ContentType.Pkcs12, Password)!);
                    return path;
                }
            }

            private static X509Certificate2 CreateCa(string subject, RSA key, X509Certificate2? issuer, RSA? issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
            {
                var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
                request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
                if (issuer == null)
                {
                    return request.CreateSelfSigned(notBefore, notAfter);
                }

                return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey!, RSASignaturePadding.Pkcs1), notBefore, notAfter, NewSerial());
            }

            private static byte[] NewSerial()
            {
                byte[] serial = RandomNumberGenerator.GetBytes(16);
                serial[0] &= 0x7F;
                return serial;
            }

            private static string Pem(string label, byte[] data) => new string(PemEncoding.Write(label, data)) + "\n";

            private static string WritePem(string path, X509Certificate2 certificate)
            {
                File.WriteAllText(path, Pem("CERTIFICATE", certificate.RawData), Encoding.ASCII);
                return path;
            }
        }
    }
}
