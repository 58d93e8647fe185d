using System;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Signatures;

namespace SupplyChainTools.Core.Tests.Signatures
{
    /// <summary>Minisign (made by minisign), cosign-format ECDSA (made by openssl) and CMS .p7s (the openssl fixtures).</summary>
    public sealed class OtherFormatsTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("sct-sigformats-").FullName;

        public void Dispose() => Directory.Delete(_folder, true);

        private string Write(string name, string content)
        {
            string path = Path.Combine(_folder, name);
            File.WriteAllText(path, content);
            return path;
        }

        private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "signatures", name);

        private (string Pub, string Sec) MinisignKey(string name)
        {
            string pub = Path.Combine(_folder, name + ".pub");
            string sec = Path.Combine(_folder, name + ".key");
            SigningTools.Checked("minisign", null, "-G", "-W", "-p", pub, "-s", sec);
            return (pub, sec);
        }

        [MinisignFact]
        public void Minisign_Valid_Changed_EditedComment_Unpinned_AsMinisignSays()
        {
            var (pub, sec) = MinisignKey("release");
            var (otherPub, _) = MinisignKey("other");
            string artifact = Write("tool.tar.gz", "minisign payload\n");
            SigningTools.Checked("minisign", null, "-S", "-s", sec, "-m", artifact, "-t", "release 2.1 timestamp:1700000000");
            string signature = artifact + ".minisig";
            var keys = TrustedKeySet.Load(new[] { pub }, Array.Empty<string>());

            DetachedSignatureCheck valid = DetachedSignatureVerifier.Verify(artifact, signature, keys);
            Assert.True(valid.IsValid, valid.StatusMessage);
            Assert.Equal(DetachedSignatureFormat.Minisign, valid.Format);
            Assert.Equal("release 2.1 timestamp:1700000000", valid.TrustedComment);
            Assert.Equal("BLAKE2b-512", valid.HashAlgorithm);
            Assert.Contains(valid.SignerKeyId!, File.ReadAllText(pub));
            Assert.Equal(0, SigningTools.Run("minisign", null, null, "-V", "-p", pub, "-m", artifact).ExitCode);

            Assert.Equal(DetachedSignatureStatus.NotTrusted, DetachedSignatureVerifier.Verify(artifact, signature, TrustedKeySet.Load(new[] { otherPub }, Array.Empty<string>())).Status);

            string original = File.ReadAllText(signature);
            File.WriteAllText(signature, original.Replace("release 2.1", "release 9.9"));
            DetachedSignatureCheck edited = DetachedSignatureVerifier.Verify(artifact, signature, keys);
            Assert.Equal(DetachedSignatureStatus.InvalidSignature, edited.Status);
            Assert.Contains("trusted comment", edited.StatusMessage);
            Assert.NotEqual(0, SigningTools.Run("minisign", null, null, "-V", "-p", pub, "-m", artifact).ExitCode);

            File.WriteAllText(signature, original);
            File.AppendAllText(artifact, "changed");
            Assert.Equal(DetachedSignatureStatus.InvalidSignature, DetachedSignatureVerifier.Verify(artifact, signature, keys).Status);
            Assert.NotEqual(0, SigningTools.Run("minisign", null, null, "-V", "-p", pub, "-m", artifact).ExitCode);
        }

        [MinisignFact]
        public void Minisign_LegacySignature_IsValid()
        {
            var (pub, sec) = MinisignKey("legacy");
            string artifact = Write("legacy.bin", "legacy payload\n");
            SigningTools.Checked("minisign", null, "-S", "-l", "-s", sec, "-m", artifact);
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, artifact + ".minisig", TrustedKeySet.Load(new[] { pub }, Array.Empty<string>()));
            Assert.True(check.IsValid, check.StatusMessage);
            Assert.StartsWith("None", check.HashAlgorithm);
        }

        [Fact]
        public void Minisign_Truncated_IsMalformed()
        {
            string pub = Write("k.pub", "untrusted comment: minisign public key 0000000000000000\nRWQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
            string artifact = Write("t.bin", "x");
            string signature = Write("t.bin.minisig", "untrusted comment: signature\nRUQAAAAA\n");
            var keys = TrustedKeySet.Load(new[] { pub }, Array.Empty<string>());
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, keys);
            Assert.Equal(DetachedSignatureStatus.Malformed, check.Status);
            Assert.Contains(signature, check.StatusMessage);
        }

        [OpensslFact]
        public void Cosign_KeyedBlobSignature_Valid_Changed_Unpinned()
        {
            string key = Path.Combine(_folder, "cosign.key");
            string pub = Path.Combine(_folder, "cosign.pub");
            SigningTools.Checked("openssl", null, "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", key);
            SigningTools.Checked("openssl", null, "ec", "-in", key, "-pubout", "-out", pub);
            string artifact = Write("blob.bin", "cosign payload\n");
            string der = Path.Combine(_folder, "blob.der");
            SigningTools.Checked("openssl", null, "dgst", "-sha256", "-sign", key, "-out", der, artifact);
            File.Delete(key);
            string signature = Write("blob.bin.sig", Convert.ToBase64String(File.ReadAllBytes(der)));
            var keys = TrustedKeySet.Load(new[] { pub }, Array.Empty<string>());

            DetachedSignatureCheck valid = DetachedSignatureVerifier.Verify(artifact, signature, keys);
            Assert.True(valid.IsValid, valid.StatusMessage);
            Assert.Equal(DetachedSignatureFormat.Cosign, valid.Format);
            Assert.Equal(64, valid.SignerFingerprint!.Length);

            var pinnedOther = TrustedKeySet.Load(new[] { pub }, new[] { new string('B', 64) });
            Assert.Equal(DetachedSignatureStatus.NotTrusted, DetachedSignatureVerifier.Verify(artifact, signature, pinnedOther).Status);

            File.AppendAllText(artifact, "changed");
            Assert.Equal(DetachedSignatureStatus.InvalidSignature, DetachedSignatureVerifier.Verify(artifact, signature, keys).Status);
        }

        [Fact]
        public void Cms_DerAndPem_ChainToGivenRoot_AreValid()
        {
            var keys = TrustedKeySet.Load(new[] { Fixture("root-ca.pem") }, Array.Empty<string>());
            foreach (string signature in new[] { "artifact.zip.p7s", "artifact.zip.p7s.pem" })
            {
                DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(Fixture("artifact.zip"), Fixture(signature), keys);
                Assert.True(check.IsValid, check.StatusMessage);
                Assert.Equal(DetachedSignatureFormat.Cms, check.Format);
                Assert.Equal(File.ReadAllText(Fixture("signer.sha256-thumbprint.txt")).Trim(), check.SignerFingerprint);
            }
        }

        [Fact]
        public void Cms_SelfSignedUnrelatedSigner_FailsTrust_ThoughItsSignatureIsValid()
        {
            var keys = TrustedKeySet.Load(new[] { Fixture("root-ca.pem") }, Array.Empty<string>());
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(Fixture("rogue-signed.zip"), Fixture("rogue-signed.zip.p7s"), keys);
            Assert.Equal(DetachedSignatureStatus.NotTrusted, check.Status);
            Assert.Contains("Rogue Signer", check.SignerUserId);
        }

        [Fact]
        public void Cms_Tampered_IsInvalid_And_PinnedThumbprint_IsEnough()
        {
            var keys = TrustedKeySet.Load(new[] { Fixture("root-ca.pem") }, Array.Empty<string>());
            Assert.Equal(DetachedSignatureStatus.InvalidSignature, DetachedSignatureVerifier.Verify(Fixture("tampered.zip"), Fixture("tampered.zip.p7s"), keys).Status);

            var pinned = TrustedKeySet.Load(Array.Empty<string>(), new[] { File.ReadAllText(Fixture("signer.sha256-thumbprint.txt")).Trim() });
            Assert.True(DetachedSignatureVerifier.Verify(Fixture("artifact.zip"), Fixture("artifact.zip.p7s"), pinned).IsValid);
            var otherPin = TrustedKeySet.Load(Array.Empty<string>(), new[] { new string('C', 64) });
            Assert.Equal(DetachedSignatureStatus.NotTrusted, DetachedSignatureVerifier.Verify(Fixture("artifact.zip"), Fixture("artifact.zip.p7s"), otherPin).Status);
        }
    }
}
