using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Tests.Trust
{
    public sealed class TrustedRootStoreTests
    {
        [Fact]
        public void SdkBundlesHoldTheMicrosoftRoots()
        {
            AuthenticodeOptions options = TrustedRootStore.CreateDefaultOptions(AuthenticodeTestEnvironment.TrustedRootsFolder);
            Assert.True(options.CodeSigningRoots.Count > 100, "codesignctl.pem holds " + options.CodeSigningRoots.Count + " roots");
            Assert.True(options.TimestampRoots.Count > 100, "timestampctl.pem holds " + options.TimestampRoots.Count + " roots");
            Assert.Contains(options.CodeSigningRoots.Cast<X509Certificate2>(), root => root.Subject.StartsWith("CN=Microsoft Root Certificate Authority 2011,", StringComparison.Ordinal));
            Assert.Contains(options.TimestampRoots.Cast<X509Certificate2>(), root => root.Subject.StartsWith("CN=Microsoft Root Certificate Authority 2010,", StringComparison.Ordinal));
            Assert.False(options.OnlineRevocation);
            Assert.Empty(options.TrustedPublisherThumbprints);
        }

        [Fact]
        public void DerFileAndPemFileLoadTheSameCertificate()
        {
            using (var temp = new TempFolder())
            {
                X509Certificate2 fromPem = Assert.Single(TrustedRootStore.LoadPemBundle(AuthenticodeTestEnvironment.PkiFixture("CACert.pem")).Cast<X509Certificate2>());
                string der = Path.Combine(temp.Path, "CACert.cer");
                File.WriteAllBytes(der, fromPem.RawData);
                X509Certificate2 fromDer = Assert.Single(TrustedRootStore.LoadPemBundle(der).Cast<X509Certificate2>());
                Assert.Equal(fromPem.Thumbprint, fromDer.Thumbprint);
            }
        }

        [Fact]
        public void FileWithoutCertificatesIsRejected()
        {
            using (var temp = new TempFolder())
            {
                string text = Path.Combine(temp.Path, "roots.pem");
                File.WriteAllText(text, "no certificates here");
                Assert.Throws<InvalidDataException>(() => TrustedRootStore.LoadPemBundle(text));
            }
        }

        [Fact]
        public void BundleIsParsedOncePerSessionAndReadAgainWhenItChanges()
        {
            using (var temp = new TempFolder())
            {
                string bundle = Path.Combine(temp.Path, "roots.pem");
                File.Copy(Path.Combine(AuthenticodeTestEnvironment.TrustedRootsFolder, TrustedRootStore.TimestampBundleFileName), bundle);
                X509Certificate2Collection first = TrustedRootStore.LoadPemBundle(bundle);
                X509Certificate2Collection second = TrustedRootStore.LoadPemBundle(bundle);
                Assert.NotSame(first, second);
                Assert.Same(first[0], second[0]);

                File.Copy(AuthenticodeTestEnvironment.PkiFixture("CACert.pem"), bundle, overwrite: true);
                X509Certificate2 changed = Assert.Single(TrustedRootStore.LoadPemBundle(bundle).Cast<X509Certificate2>());
                Assert.Equal(TrustedRootStore.LoadPemBundle(AuthenticodeTestEnvironment.PkiFixture("CACert.pem"))[0].Thumbprint, changed.Thumbprint);
            }
        }

        [Fact]
        public void BlockThatIsNotACertificateIsRejectedWithItsNumber()
        {
            using (var temp = new TempFolder())
            {
                string bundle = Path.Combine(temp.Path, "roots.pem");
                string valid = File.ReadAllText(AuthenticodeTestEnvironment.PkiFixture("CACert.pem"));
                File.WriteAllText(bundle, valid + "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n");
                InvalidDataException refused = Assert.Throws<InvalidDataException>(() => TrustedRootStore.LoadPemBundle(bundle));
                Assert.Equal("Certificate 2 in '" + bundle + "' is not a valid X.509 certificate.", refused.Message);
            }
        }

        [Fact]
        public void DerCrlRevokesLikeThePemCrl()
        {
            AuthenticodeOptions options = AuthenticodeTestEnvironment.OsslsigncodeOptions(withCrls: false);
            options.CrlPaths.Add(AuthenticodeTestEnvironment.PkiFixture("CACertCRL.der"));
            Assert.Equal(AuthenticodeStatus.Revoked, new AuthenticodeVerifier(options).Verify(AuthenticodeTestEnvironment.PeFixture("revoked.exe")).Status);
        }

        [Fact]
        public void CrlSignedByAnotherIssuerIsIgnored()
        {
            // TSACertCRL.pem is issued by the TSA root, so it cannot revoke a code-signing certificate.
            AuthenticodeOptions options = AuthenticodeTestEnvironment.OsslsigncodeOptions(withCrls: false);
            options.CrlPaths.Add(AuthenticodeTestEnvironment.PkiFixture("TSACertCRL.pem"));
            Assert.Equal(AuthenticodeStatus.Valid, new AuthenticodeVerifier(options).Verify(AuthenticodeTestEnvironment.PeFixture("revoked.exe")).Status);
        }

        [Fact]
        public void CrlWithABrokenSignatureIsIgnored()
        {
            using (var temp = new TempFolder())
            {
                byte[] crl = File.ReadAllBytes(AuthenticodeTestEnvironment.PkiFixture("CACertCRL.der"));
                crl[crl.Length - 5] ^= 0x01;
                string forged = Path.Combine(temp.Path, "forged.crl");
                File.WriteAllBytes(forged, crl);
                AuthenticodeOptions options = AuthenticodeTestEnvironment.OsslsigncodeOptions(withCrls: false);
                options.CrlPaths.Add(forged);
                Assert.Equal(AuthenticodeStatus.Valid, new AuthenticodeVerifier(options).Verify(AuthenticodeTestEnvironment.PeFixture("revoked.exe")).Status);
            }
        }
    }
}
