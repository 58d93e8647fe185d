using System;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Signatures;

namespace SupplyChainTools.Core.Tests.Signatures
{
    /// <summary>A signed checksum file: the signature first, over the very bytes then parsed; no entry when it fails.</summary>
    public sealed class SignedManifestCheckTests
    {
        private static TrustedKeySet Vendor() => TrustedKeySet.Load(new[] { CommittedSignaturesTests.Made("vendor.asc") }, Array.Empty<string>());

        [Fact]
        public void ClearSigned_Valid_EveryEntryCarriesTheSigner()
        {
            SignedManifest signed = SignedManifestCheck.Read(CommittedSignaturesTests.Made("SHA256SUMS.clearsigned"), null, Vendor(), null, null);
            Assert.True(signed.Signature.IsValid, signed.Signature.StatusMessage);
            IntegrityExpectation expectation = Assert.Single(signed.Items, i => i.Expectation != null).Expectation!;
            Assert.Equal(CommittedSignaturesTests.Made("release.tar"), expectation.Path);
            Assert.Equal(File.ReadAllText(CommittedSignaturesTests.Made("vendor.fingerprint.txt")).Trim(), expectation.SignerFingerprint);
        }

        [Fact]
        public void DetachedSignatureOfAnotherFile_TrustsNoEntry()
        {
            SignedManifest signed = SignedManifestCheck.Read(CommittedSignaturesTests.Made("SHA256SUMS"), CommittedSignaturesTests.Made("release.tar.asc"), Vendor(), null, null);
            Assert.Equal(DetachedSignatureStatus.InvalidSignature, signed.Signature.Status);
            Assert.Empty(signed.Items);
        }

        [Fact]
        public void UnsignedManifest_WithKeys_IsRefused_ForWantOfASignature()
        {
            using var folder = new TempDirectory();
            string manifest = folder.Combine("SHA256SUMS");
            File.WriteAllText(manifest, new string('0', 64) + "  a.bin\n");
            var ex = Assert.Throws<FileNotFoundException>(() => SignedManifestCheck.Read(manifest, null, Vendor(), null, null));
            Assert.Contains(manifest, ex.Message);
        }
    }
}
