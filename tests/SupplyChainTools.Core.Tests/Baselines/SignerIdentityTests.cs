using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Core.Tests.Authenticode;
using static SupplyChainTools.Core.Tests.Baselines.BaselineTestData;

namespace SupplyChainTools.Core.Tests.Baselines
{
    /// <summary>
    /// Who is "the same signer" across a vendor's update, on real NuGet releases (tests/fixtures/baselines/updates):
    /// the publisher under the same root, not the leaf certificate, unless the Certificate rule is asked for.
    /// </summary>
    public sealed class SignerIdentityTests : IDisposable
    {
        private const string Stj800 = "System.Text.Json/8.0.0/System.Text.Json.dll";
        private const string Stj805 = "System.Text.Json/8.0.5/System.Text.Json.dll";
        private const string Azure132 = "Azure.Core/1.32.0/Azure.Core.dll";
        private const string Azure138 = "Azure.Core/1.38.0/Azure.Core.dll";
        private const string Newtonsoft = "Newtonsoft.Json/13.0.3/Newtonsoft.Json.dll";
        private static readonly Lazy<AuthenticodeVerifier> Verifier = new Lazy<AuthenticodeVerifier>(() => new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots));
        private readonly TempFolder _temp = new TempFolder();

        public void Dispose() => _temp.Dispose();

        private static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "fixtures", "baselines", "updates", relative);

        private List<BaselineEntry> ScanWith(string file)
        {
            System.IO.File.Copy(file, Path.Combine(_temp.Path, "lib.dll"), overwrite: true);
            var options = new BaselineScanOptions { Verifier = Verifier.Value, DegreeOfParallelism = 1 };
            return BaselineScanner.Scan(new[] { _temp.Path }, options, null, default).Select(pair => pair.Current!).ToList();
        }

        private (BaselineChange Change, BaselineComparer Comparer) Update(string from, string to, string rule = SignerIdentityRule.Publisher)
        {
            List<BaselineEntry> before = ScanWith(from);
            List<BaselineEntry> after = ScanWith(to);
            var comparer = new BaselineComparer("DIGEST", new[] { "SHA256" }, new[] { _temp.Path }, compareFileIdentity: false) { SignerIdentity = rule };
            return (Assert.Single(comparer.Compare(BaselineScanner.Join(before, after))), comparer);
        }

        [Fact]
        public void TheFixturesAreTheRealSignedReleases()
        {
            BaselineSigner old = Assert.Single(ScanWith(Fixture(Stj800))).Signer!;
            Assert.Equal(AuthenticodeStatus.Valid, old.Status);
            Assert.Equal("O=Microsoft Corporation", old.Publisher);
            Assert.Equal("50A04FFE627F8E21FD61AF1B73E5D03B4ADB100D", old.SignerThumbprint);
            BaselineSigner renewed = Assert.Single(ScanWith(Fixture(Stj805))).Signer!;
            Assert.Equal("71168EE7A92BE92DE9C4B401DCF30DC15DF28DA0", renewed.SignerThumbprint);
            Assert.Equal(old.RootThumbprint, renewed.RootThumbprint);
            Assert.Equal("O=Json.NET (.NET Foundation)", Assert.Single(ScanWith(Fixture(Newtonsoft))).Signer!.Publisher);
        }

        [Fact]
        public void ARenewedCertificateOfTheSamePublisherIsAnUpdateNotASignerChange()
        {
            (BaselineChange change, BaselineComparer comparer) = Update(Fixture(Stj800), Fixture(Stj805));
            Assert.Equal(BaselineChangeKind.UpdatedSameSigner, change.Change);
            Assert.Equal(BaselineChangeKind.Info, change.Severity);
            Assert.Equal("50A04FFE627F8E21FD61AF1B73E5D03B4ADB100D", change.OldSignerThumbprint);
            Assert.Equal("71168EE7A92BE92DE9C4B401DCF30DC15DF28DA0", change.NewSignerThumbprint);
            Assert.Contains("certificate renewed: 50A04FFE627F8E21FD61AF1B73E5D03B4ADB100D -> 71168EE7A92BE92DE9C4B401DCF30DC15DF28DA0", change.Detail);
            Assert.Equal(BaselineChangeKind.ExitChanged, comparer.ExitCode);
        }

        [Fact]
        public void AMicrosoftCorporationRenewalIsAnUpdateToo()
        {
            BaselineChange change = Update(Fixture(Azure132), Fixture(Azure138)).Change;
            Assert.Equal(BaselineChangeKind.UpdatedSameSigner, change.Change);
            Assert.NotEqual(change.OldSignerThumbprint, change.NewSignerThumbprint);
            Assert.Contains("certificate renewed", change.Detail);
        }

        [Fact]
        public void AnOlderReleaseOfTheSamePublisherIsDowngradedAcrossARenewal()
        {
            BaselineChange change = Update(Fixture(Stj805), Fixture(Stj800)).Change;
            Assert.Equal(BaselineChangeKind.Downgraded, change.Change);
            Assert.Equal("8.0.23.53103", change.NewVersion);
            Assert.Contains("certificate renewed", change.Detail);

            Assert.Equal(BaselineChangeKind.Downgraded, Update(Fixture(Azure138), Fixture(Azure132)).Change.Change);
        }

        [Fact]
        public void AnotherPublishersFileInTheSamePlaceIsSignerChanged()
        {
            (BaselineChange change, BaselineComparer comparer) = Update(Fixture(Stj805), Fixture(Newtonsoft));
            Assert.Equal(BaselineChangeKind.SignerChanged, change.Change);
            Assert.Equal(BaselineChangeKind.Critical, change.Severity);
            Assert.True((comparer.ExitCode & BaselineChangeKind.ExitCritical) != 0);
        }

        [Fact]
        public void TheCertificateRuleReportsEveryRenewalAsSignerChanged()
        {
            BaselineChange change = Update(Fixture(Stj800), Fixture(Stj805), SignerIdentityRule.Certificate).Change;
            Assert.Equal(BaselineChangeKind.SignerChanged, change.Change);
            Assert.Contains("Certificate", change.Detail);

        }

        [OsslsigncodeFact]
        public void ASelfSignedCertificateThatCopiesThePublishersNameIsSignerChanged()
        {
            string stripped = Path.Combine(_temp.Path, "stripped.bin");
            string forged = Path.Combine(_temp.Path, "forged.bin");
            string pfx = Path.Combine(_temp.Path, "forged.pfx");
            using (RSA key = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=.NET, O=Microsoft Corporation, L=Redmond, S=Washington, C=US", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(SupplyChainTools.Core.Trust.ChainVerifier.CodeSigningEku) }, false));
                using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                System.IO.File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "forged"));
            }

            RunOsslsigncode("remove-signature", "-in", Fixture(Stj805), "-out", stripped);
            RunOsslsigncode("sign", "-pkcs12", pfx, "-pass", "forged", "-h", "sha256", "-in", stripped, "-out", forged);

            BaselineChange change = Update(Fixture(Stj800), forged).Change;
            Assert.Equal(AuthenticodeStatus.NotTrusted, change.NewSignatureStatus);
            Assert.Equal(BaselineChangeKind.SignerChanged, change.Change);
            Assert.Equal(BaselineChangeKind.Critical, change.Severity);
            Assert.Contains("copies the name O=Microsoft Corporation", change.Detail);
        }

        [Fact]
        public void TheSamePublisherUnderAnotherRootOrUntrustedIsSignerChanged()
        {
            BaselineSigner ms(string status, string thumbprint, string root) =>
                new BaselineSigner(status, "PE", "CN=.NET, O=Microsoft Corporation, L=Redmond", thumbprint, "CN=Root", root, null);
            BaselineSigner was = ms("Valid", ValidThumbprint, RootThumbprint);

            Assert.True(was.SameSigner(ms("Valid", ValidThumbprint, RootThumbprint), SignerIdentityRule.Certificate));
            Assert.True(was.SameSigner(ms("Valid", OtherThumbprint, RootThumbprint)));
            Assert.False(was.SameSigner(ms("Valid", OtherThumbprint, RootThumbprint), SignerIdentityRule.Certificate));
            Assert.False(was.SameSigner(ms("Valid", OtherThumbprint, "2222222222222222222222222222222222222222")));
            Assert.False(was.SameSigner(ms("NotTrusted", OtherThumbprint, RootThumbprint)));
            Assert.False(was.SameSigner(ms("Expired", OtherThumbprint, RootThumbprint)));
            Assert.False(was.SameSigner(new BaselineSigner("Valid", "PE", "CN=.NET, O=Contoso", OtherThumbprint, "CN=Root", RootThumbprint, null)));

            BaselineChange otherRoot = Assert.Single(new BaselineComparer("D", new[] { "SHA256" }, new[] { "/opt" }, false).Compare(BaselineScanner.Join(
                new[] { File("a.dll", "a", signer: was) },
                new[] { File("a.dll", "b", signer: ms("Valid", OtherThumbprint, "2222222222222222222222222222222222222222")) })));
            Assert.Equal(BaselineChangeKind.SignerChanged, otherRoot.Change);
            Assert.Contains("another root", otherRoot.Detail);
        }

        [Theory]
        [InlineData("CN=.NET, O=Microsoft Corporation, L=Redmond, S=Washington, C=US", "O=Microsoft Corporation")]
        [InlineData("C=US, O=  microsoft corporation , CN=Other", "O=microsoft corporation")]
        [InlineData("CN=Contoso Code Signing", "CN=Contoso Code Signing")]
        [InlineData("CN=\"Evil, O=Microsoft Corporation\", O=Evil Inc", "O=Evil Inc")]
        [InlineData("CN=\"Say \"\"hi\"\"\"", "CN=Say \"hi\"")]
        [InlineData("O=Beta + O=Alpha, CN=x", "O=Alpha + O=Beta")]
        [InlineData("L=Redmond", null)]
        [InlineData("", null)]
        public void PublisherIdentityIsTheOrganisationOrTheCommonName(string subject, string? expected)
        {
            Assert.Equal(expected, PublisherIdentity.FromSubject(subject));
        }

        [Fact]
        public void PublisherIdentitiesCompareTrimmedCaseFoldedAndOrderInsensitive()
        {
            Assert.True(PublisherIdentity.Same(PublisherIdentity.FromSubject("O=B, O=a"), PublisherIdentity.FromSubject("O= A ,O=b")));
            Assert.False(PublisherIdentity.Same(null, null));
        }

        private static void RunOsslsigncode(params string[] arguments)
        {
            (int exitCode, string output) = OsslsigncodeDifferentialTests.RunOsslsigncode(arguments);
            Assert.True(exitCode == 0, "osslsigncode " + arguments[0] + " failed: " + output);
        }
    }
}
