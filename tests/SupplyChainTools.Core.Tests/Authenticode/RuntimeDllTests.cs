using System;
using System.Diagnostics;
using System.Linq;
using SupplyChainTools;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Trust;
using Xunit.Abstractions;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>The .NET runtime's own DLLs: real Microsoft Authenticode signatures with RFC 3161 timestamps.</summary>
    public sealed class RuntimeDllTests
    {
        private readonly ITestOutputHelper _output;

        public RuntimeDllTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void EveryRuntimeDllIsValidUnderTheSdkRoots()
        {
            string[] dlls = AuthenticodeTestEnvironment.RuntimeDlls();
            Assert.True(dlls.Length >= 150, "expected the runtime folder to hold the shared framework's DLLs, found " + dlls.Length);
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots);

            var stopwatch = Stopwatch.StartNew();
            AuthenticodeSignature[] results = dlls.AsParallel().Select(dll => verifier.Verify(dll)).ToArray();
            stopwatch.Stop();
            _output.WriteLine("Verified " + results.Length + " runtime DLLs in " + stopwatch.ElapsedMilliseconds + " ms.");

            foreach (AuthenticodeSignature result in results)
            {
                Assert.True(result.IsValid, result.Path + ": " + result.Status + " - " + result.StatusMessage);
                Assert.Equal(AuthenticodeStatus.Valid, result.Status);
                Assert.Equal("PE", result.FileType);
                Assert.Equal("Embedded", result.SignatureType);
                Assert.Equal("SHA256", result.DigestAlgorithm);
                Assert.StartsWith("CN=.NET,", result.SignerSubject);
                Assert.Contains("Microsoft Root Certificate Authority", result.RootSubject);
                Assert.Equal(result.Chain.Last(), result.RootSubject);
                Assert.Equal(result.SignerSubject, result.Chain.First());
                Assert.Equal("Rfc3161", result.TimestampType);
                Assert.NotNull(result.TimestampUtc);
                Assert.Contains("Microsoft Time-Stamp", result.TimestampSigner);
                Assert.Equal(40, result.SignerThumbprint!.Length);
                Assert.Equal(40, result.RootThumbprint!.Length);
                Assert.Equal(DateTimeKind.Utc, result.SignerNotAfter!.Value.Kind);
                Assert.Empty(result.Problems);
            }
        }

        [Fact]
        public void RuntimeDllsAreNotTrustedUnderAnUnrelatedRoot()
        {
            var unrelated = TrustedRootStore.LoadPemBundle(AuthenticodeTestEnvironment.PkiFixture("CACert.pem"));
            var verifier = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = unrelated, TimestampRoots = unrelated });

            foreach (string dll in AuthenticodeTestEnvironment.RuntimeDlls())
            {
                AuthenticodeSignature result = verifier.Verify(dll);
                Assert.Equal(AuthenticodeStatus.NotTrusted, result.Status);
                Assert.False(result.IsValid);
                Assert.Null(result.RootSubject);
                Assert.Contains("not a trusted root", result.StatusMessage);
            }
        }

        [Fact]
        public void PinnedPublisherIsEnforced()
        {
            string dll = AuthenticodeTestEnvironment.RuntimeDlls()[0];
            AuthenticodeSignature reference = new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots).Verify(dll);

            AuthenticodeOptions pinnedToSigner = TrustedRootStore.CreateDefaultOptions(AuthenticodeTestEnvironment.TrustedRootsFolder);
            pinnedToSigner.TrustedPublisherThumbprints.Add(reference.SignerThumbprint!.ToLowerInvariant());
            Assert.Equal(AuthenticodeStatus.Valid, new AuthenticodeVerifier(pinnedToSigner).Verify(dll).Status);

            AuthenticodeOptions pinnedToOther = TrustedRootStore.CreateDefaultOptions(AuthenticodeTestEnvironment.TrustedRootsFolder);
            pinnedToOther.TrustedPublisherThumbprints.Add(new string('A', 40));
            AuthenticodeSignature rejected = new AuthenticodeVerifier(pinnedToOther).Verify(dll);
            Assert.Equal(AuthenticodeStatus.PublisherNotAllowed, rejected.Status);
            Assert.Contains(reference.SignerThumbprint!, rejected.StatusMessage);
        }

        [Fact]
        public void ExpiredSignerIsRescuedOnlyByTheTimestamp()
        {
            string dll = AuthenticodeTestEnvironment.RuntimeDlls()[0];
            AuthenticodeSignature reference = new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots).Verify(dll);
            DateTime afterExpiry = reference.SignerNotAfter!.Value.AddDays(30);

            AuthenticodeOptions later = TrustedRootStore.CreateDefaultOptions(AuthenticodeTestEnvironment.TrustedRootsFolder);
            later.VerificationTime = afterExpiry;
            AuthenticodeSignature rescued = new AuthenticodeVerifier(later).Verify(dll);
            Assert.Equal(AuthenticodeStatus.Valid, rescued.Status);

            // Without a trusted time-stamping root the timestamp cannot vouch for the signing time.
            AuthenticodeOptions noTimestampTrust = TrustedRootStore.CreateDefaultOptions(AuthenticodeTestEnvironment.TrustedRootsFolder);
            noTimestampTrust.VerificationTime = afterExpiry;
            noTimestampTrust.TimestampRoots = TrustedRootStore.LoadPemBundle(AuthenticodeTestEnvironment.PkiFixture("TSACA.pem"));
            AuthenticodeSignature notRescued = new AuthenticodeVerifier(noTimestampTrust).Verify(dll);
            Assert.False(notRescued.IsValid);
            Assert.Contains(notRescued.Problems, problem => problem.Contains("expired on"));
        }
    }
}
