using System;
using System.IO;
using System.Text;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Signatures;

namespace SupplyChainTools.Core.Tests.Signatures
{
    /// <summary>Signatures made once by gpg, minisign and openssl (tests/fixtures/signatures/made), and minisign's published vectors.</summary>
    public sealed class CommittedSignaturesTests
    {
        internal static string Made(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "signatures", "made", name);

        private static TrustedKeySet Keys(params string[] names) => TrustedKeySet.Load(Array.ConvertAll(names, Made), Array.Empty<string>());

        [Theory]
        [InlineData("release.tar.sig", "vendor.asc", DetachedSignatureFormat.OpenPgp)]
        [InlineData("release.tar.asc", "vendor.gpg", DetachedSignatureFormat.OpenPgp)]
        [InlineData("release.tar.minisig", "minisign.pub", DetachedSignatureFormat.Minisign)]
        [InlineData("release.tar.cosign", "cosign.pub", DetachedSignatureFormat.Cosign)]
        public void EveryFormat_IsValid_WithItsKey_AndNotTrusted_WithTheOthers(string signature, string key, string format)
        {
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(Made("release.tar"), Made(signature), Keys(key));
            Assert.True(check.IsValid, check.StatusMessage);
            Assert.Equal(format, check.Format);

            string[] others = Array.FindAll(new[] { "vendor.asc", "minisign.pub", "cosign.pub" }, k => k != key && !(key == "vendor.gpg" && k == "vendor.asc"));
            Assert.False(DetachedSignatureVerifier.Verify(Made("release.tar"), Made(signature), Keys(others)).IsValid);
        }

        [Fact]
        public void FingerprintPin_SelectsTheKey_FromAKeyringFolder()
        {
            string fingerprint = File.ReadAllText(Made("vendor.fingerprint.txt")).Trim();
            var folder = TrustedKeySet.Load(new[] { Path.GetDirectoryName(Made("vendor.asc"))! }, new[] { fingerprint });
            Assert.NotEmpty(folder.Problems); // the folder also holds files that are not keys: each one an error, the rest read
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(Made("release.tar"), Made("release.tar.asc"), folder);
            Assert.True(check.IsValid, check.StatusMessage);
            Assert.Equal(fingerprint, check.SignerFingerprint);
        }

        [Fact]
        public void ClearSignedSums_GiveTheSignedText()
        {
            DetachedSignatureCheck check = DetachedSignatureVerifier.VerifyClearSigned(Made("SHA256SUMS.clearsigned"), Keys("vendor.asc"), InputKind.SignedChecksumManifest, out byte[]? text);
            Assert.True(check.IsValid, check.StatusMessage);
            Assert.Equal(File.ReadAllBytes(Made("SHA256SUMS")), text);
        }

        /// <summary>The vectors published with minisign's author's verifier (rust-minisign-verify): his release key, "test" signed legacy and prehashed.</summary>
        [Theory]
        [InlineData("RWQf6LRCGA9i59SLOFxz6NxvASXDJeRtuZykwQepbDEGt87ig1BNpWaVWuNrm73YiIiJbq71Wi+dP9eKL8OC351vwIasSSbXxwA=", "timestamp:1555779966\tfile:test", "QtKMXWyYcwdpZAlPF7tE2ENJkRd1ujvKjlj1m9RtHTBnZPa5WKU5uWRs5GoP5M/VqE81QFuMKI5k/SfNQUaOAA==")]
        [InlineData("RUQf6LRCGA9i559r3g7V1qNyJDApGip8MfqcadIgT9CuhV3EMhHoN1mGTkUidF/z7SrlQgXdy8ofjb7bNJJylDOocrCo8KLzZwo=", "timestamp:1556193335\tfile:test", "y/rUw2y8/hOUYjZU71eHp/Wo1KZ40fGy2VJEDl34XMJM+TX48Ss/17u3IvIfbVR1FkZZSNCisQbuQY+bHwhEBg==")]
        public void MinisignPublishedVectors_Verify_AndFailOnOtherContent(string signature, string comment, string global)
        {
            string folder = Directory.CreateTempSubdirectory("sct-minisign-vectors-").FullName;
            try
            {
                string pub = Path.Combine(folder, "minisign.pub");
                File.WriteAllText(pub, "untrusted comment: minisign public key E7620F1842B4E81F\nRWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n");
                string data = Path.Combine(folder, "test");
                File.WriteAllText(data, "test");
                string sig = Path.Combine(folder, "test.minisig");
                File.WriteAllText(sig, "untrusted comment: signature from minisign secret key\n" + signature + "\ntrusted comment: " + comment + "\n" + global + "\n", new UTF8Encoding(false));
                var keys = TrustedKeySet.Load(new[] { pub }, Array.Empty<string>());

                DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(data, sig, keys);
                Assert.True(check.IsValid, check.StatusMessage);
                Assert.Equal("E7620F1842B4E81F", check.SignerKeyId);
                Assert.Equal(comment, check.TrustedComment);

                File.WriteAllText(data, "Test");
                Assert.Equal(DetachedSignatureStatus.InvalidSignature, DetachedSignatureVerifier.Verify(data, sig, keys).Status);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }
    }
}
