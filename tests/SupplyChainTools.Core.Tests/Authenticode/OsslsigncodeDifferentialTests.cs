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
    public sealed class OsslsigncodeDifferentialTests : IDisposable
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
            var pki = new TestPki(_temp.Path);
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
            var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(AuthenticodeTestEnvironment.PeFixture("unsigned.exe"), _temp);
            string primary = Sign(pki.LeafPfx, unsigned, "primary.exe", "sha256");
            string nested = Nest(pki.ExpiredPfx, primary, "nested-expired.exe", "sha512");

            AuthenticodeSignature ours = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.RootCollection }).Verify(nested);
            Assert.Equal(AuthenticodeStatus.Expired, ours.Status);
            Assert.Equal(AuthenticodeStatus.Expired, Assert.Single(ours.NestedSignatures).Status);
            Assert.True(OsslsigncodeVerifies(nested, pki.RootPem), "osslsigncode was expected to accept a file with one good signature");
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

        private static (int ExitCode, string Output) RunOsslsigncode(IEnumerable<string> arguments)
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

        /// <summary>Root, intermediate, a code-signing leaf and an expired leaf, plus an unrelated root.</summary>
        private sealed class TestPki
        {
            public TestPki(string folder)
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                using (RSA rootKey = RSA.Create(2048))
                using (RSA otherRootKey = RSA.Create(2048))
                using (RSA intermediateKey = RSA.Create(2048))
                using (RSA leafKey = RSA.Create(2048))
                using (RSA expiredKey = RSA.Create(2048))
                {
                    X509Certificate2 root = CreateCa("CN=SupplyChainTools Differential Root", rootKey, null, null, now.AddYears(-3), now.AddYears(10));
                    X509Certificate2 otherRoot = CreateCa("CN=SupplyChainTools Unrelated Root", otherRootKey, null, null, now.AddYears(-3), now.AddYears(10));
                    X509Certificate2 intermediate = CreateCa("CN=SupplyChainTools Differential Intermediate", intermediateKey, root, rootKey, now.AddYears(-3), now.AddYears(9));
                    X509Certificate2 leaf = CreateLeaf("CN=SupplyChainTools Differential Publisher", leafKey, intermediate, intermediateKey, now.AddDays(-30), now.AddYears(1));
                    X509Certificate2 expired = CreateLeaf("CN=SupplyChainTools Expired Publisher", expiredKey, intermediate, intermediateKey, now.AddYears(-2), now.AddYears(-1));

                    RootCollection = new X509Certificate2Collection(root);
                    RootPem = WritePem(Path.Combine(folder, "root.pem"), root);
                    OtherRootPem = WritePem(Path.Combine(folder, "other-root.pem"), otherRoot);
                    LeafPfx = WritePfx(Path.Combine(folder, "leaf.pfx"), leaf, intermediate);
                    ExpiredPfx = WritePfx(Path.Combine(folder, "expired.pfx"), expired, intermediate);
                }
            }

            public X509Certificate2Collection RootCollection { get; }

            public string RootPem { get; }

            public string OtherRootPem { get; }

            public string LeafPfx { get; }

            public string ExpiredPfx { get; }

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

            private static X509Certificate2 CreateLeaf(string subject, RSA key, X509Certificate2 issuer, RSA issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
            {
                var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(ChainVerifier.CodeSigningEku) }, false));
                X509Certificate2 certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, NewSerial());
                return certificate.CopyWithPrivateKey(key);
            }

            private static byte[] NewSerial()
            {
                byte[] serial = RandomNumberGenerator.GetBytes(16);
                serial[0] &= 0x7F;
                return serial;
            }

            private static string WritePem(string path, X509Certificate2 certificate)
            {
                File.WriteAllText(path, new string(PemEncoding.Write("CERTIFICATE", certificate.RawData)) + "\n", Encoding.ASCII);
                return path;
            }

            private static string WritePfx(string path, X509Certificate2 leafWithKey, X509Certificate2 intermediate)
            {
                var bundle = new X509Certificate2Collection { leafWithKey, intermediate };
                File.WriteAllBytes(path, bundle.Export(X509ContentType.Pkcs12, Password)!);
                return path;
            }
        }
    }
}
