using System;
using System.IO;
using System.Linq;
using System.Text;
using Org.BouncyCastle.Bcpg.OpenPgp;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Signatures;

namespace SupplyChainTools.Core.Tests.Signatures
{
    /// <summary>OpenPGP detached and clear-signed signatures made by gpg, checked against pinned keys and against gpg --verify.</summary>
    public sealed class DetachedSignatureVerifierTests : IClassFixture<GpgWorkspace>
    {
        private readonly GpgWorkspace _gpg;

        public DetachedSignatureVerifierTests(GpgWorkspace gpg)
        {
            _gpg = gpg;
        }

        private string Artifact(string name, string content = "release 1.0 payload\n") => _gpg.Write(name, content);

        private static TrustedKeySet Keys(params string[] files) => TrustedKeySet.Load(files, Array.Empty<string>());

        [GpgFact]
        public void Detached_Binary_And_Armored_ByPinnedKey_AreValid_AsGpgSays()
        {
            string artifact = Artifact("valid.tar");
            string key = _gpg.Export(_gpg.Alice);
            foreach (bool armor in new[] { false, true })
            {
                string signature = _gpg.SignDetached(artifact, _gpg.Alice + "!", armor);
                DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, Keys(key));
                Assert.True(check.IsValid, check.StatusMessage);
                Assert.Equal(DetachedSignatureFormat.OpenPgp, check.Format);
                Assert.Equal(_gpg.Alice, check.SignerFingerprint);
                Assert.Equal("Alice Release <alice@example.org>", check.SignerUserId);
                Assert.Equal("SHA256", check.HashAlgorithm);
                Assert.Contains("[GNUPG:] GOODSIG", _gpg.GpgVerifyStatus(signature, artifact, key));
            }
        }

        [GpgFact]
        public void Signature_BySigningSubkey_ReportsPrimaryFingerprint_AndIsValid()
        {
            string artifact = Artifact("subkey.tar");
            string signature = _gpg.SignDetached(artifact, _gpg.AliceSubkey + "!");
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, Keys(_gpg.Export(_gpg.Alice)));
            Assert.True(check.IsValid, check.StatusMessage);
            Assert.Equal(_gpg.Alice, check.SignerFingerprint);
            Assert.Equal(_gpg.AliceSubkey.Substring(24), check.SignerKeyId);
        }

        [GpgFact]
        public void ContentChanged_IsInvalidSignature_AsGpgSaysBad()
        {
            string artifact = Artifact("changed.tar");
            string key = _gpg.Export(_gpg.Alice);
            string signature = _gpg.SignDetached(artifact, _gpg.Alice + "!");
            File.AppendAllText(artifact, "backdoor\n");
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, Keys(key));
            Assert.Equal(DetachedSignatureStatus.InvalidSignature, check.Status);
            Assert.Contains("[GNUPG:] BADSIG", _gpg.GpgVerifyStatus(signature, artifact, key));
        }

        [GpgFact]
        public void UnpinnedKey_IsNotTrusted_NamingItsFingerprint_EvenWhenItsKeyIsGiven()
        {
            string artifact = Artifact("unpinned.tar");
            string signature = _gpg.SignDetached(artifact, _gpg.Bob + "!");
            Assert.Equal(DetachedSignatureStatus.NotTrusted, DetachedSignatureVerifier.Verify(artifact, signature, Keys(_gpg.Export(_gpg.Alice))).Status);

            var pinnedAlice = TrustedKeySet.Load(new[] { _gpg.Export(_gpg.Alice), _gpg.Export(_gpg.Bob) }, new[] { _gpg.Alice });
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, pinnedAlice);
            Assert.Equal(DetachedSignatureStatus.NotTrusted, check.Status);
            Assert.Equal(_gpg.Bob, check.SignerFingerprint);
            Assert.Contains(_gpg.Bob, check.StatusMessage);
            Assert.Contains("NO_PUBKEY", _gpg.GpgVerifyStatus(signature, artifact, _gpg.Export(_gpg.Alice)));
        }

        [GpgFact]
        public void ExpiredKey_IsExpired_AsGpgSaysExpKeySig()
        {
            string artifact = Artifact("expired.tar");
            string key = _gpg.Export(_gpg.Expired);
            string signature = _gpg.SignDetached(artifact, _gpg.Expired + "!", false, "--faked-system-time", "20200101T060000");
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, Keys(key));
            Assert.Equal(DetachedSignatureStatus.Expired, check.Status);
            Assert.Contains("expired", check.StatusMessage);
            Assert.Contains("[GNUPG:] EXPKEYSIG", _gpg.GpgVerifyStatus(signature, artifact, key));

            // Judged at a time the key was alive, the same signature is valid.
            Assert.True(DetachedSignatureVerifier.Verify(artifact, signature, Keys(key), new DateTime(2020, 1, 1, 12, 0, 0, DateTimeKind.Utc)).IsValid);
        }

        [GpgFact]
        public void SignatureDatedBeforeKeyCreation_IsRefused()
        {
            string artifact = Artifact("backdated.tar");
            string signature = _gpg.SignDetached(artifact, _gpg.Alice + "!", false, "--faked-system-time", "20100101T000000", "--ignore-time-conflict");
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, Keys(_gpg.Export(_gpg.Alice)));
            Assert.Equal(DetachedSignatureStatus.InvalidSignature, check.Status);
            Assert.Contains("before its key was created", check.StatusMessage);
        }

        [GpgFact]
        public void RevokedKey_IsRevoked_AsGpgSaysRevKeySig()
        {
            string artifact = Artifact("revoked.tar");
            string signature = _gpg.SignDetached(artifact, _gpg.Revoked + "!");
            string revocation = File.ReadAllText(Path.Combine(_gpg.Home, "openpgp-revocs.d", _gpg.Revoked + ".rev")).Replace(":-----BEGIN", "-----BEGIN");
            _gpg.Gpg("--import", _gpg.Write("revocation.asc", revocation));
            string key = _gpg.Export(_gpg.Revoked, name: "revoked");
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, Keys(key));
            Assert.Equal(DetachedSignatureStatus.Revoked, check.Status);
            Assert.Contains("REVKEYSIG", _gpg.GpgVerifyStatus(signature, artifact, key));
        }

        [GpgFact]
        public void SubkeyGraftedOntoAnotherPrimary_IsKeyNotBound()
        {
            // Bob's signing key carried in Alice's key: its binding is Bob's, so it must not sign for Alice.
            string artifact = Artifact("grafted.tar");
            string bobSubkeyHost = _gpg.Export(_gpg.Alice, armor: false, name: "alice-bin");
            string signature = _gpg.SignDetached(artifact, _gpg.AliceSubkey + "!");
            PgpPublicKeyRing alice = new PgpPublicKeyRing(File.ReadAllBytes(bobSubkeyHost));
            PgpPublicKeyRing bob = new PgpPublicKeyRing(File.ReadAllBytes(_gpg.Export(_gpg.Bob, armor: false, name: "bob-bin")));
            PgpPublicKey subkey = alice.GetPublicKeys().Single(k => !k.IsMasterKey);
            foreach (PgpSignature binding in subkey.GetSignaturesOfType(PgpSignature.SubkeyBinding).ToList())
            {
                subkey = PgpPublicKey.RemoveCertification(subkey, binding);
            }

            string unbound = Path.Combine(_gpg.Root, "unbound.gpg");
            File.WriteAllBytes(unbound, PgpPublicKeyRing.InsertPublicKey(bob, subkey).GetEncoded());
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, Keys(unbound));
            Assert.Equal(DetachedSignatureStatus.KeyNotBound, check.Status);
            Assert.Contains("not bound", check.StatusMessage);
        }

        [GpgFact]
        public void Sha1Signature_IsWeakAlgorithm()
        {
            string artifact = Artifact("sha1.tar");
            string signature = _gpg.SignDetached(artifact, _gpg.Carol + "!", false, "--digest-algo", "SHA1");
            DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, Keys(_gpg.Export(_gpg.Carol)));
            Assert.Equal(DetachedSignatureStatus.WeakAlgorithm, check.Status);
            Assert.Equal("SHA1", check.HashAlgorithm);
        }

        [GpgFact]
        public void RsaAndEcdsaSignatures_AreValid_AndFailWhenChanged_AsGpgSays()
        {
            foreach (string signer in new[] { _gpg.Carol, _gpg.Dave })
            {
                string artifact = Artifact("algorithm-" + signer.Substring(0, 8) + ".tar");
                string key = _gpg.Export(signer);
                string signature = _gpg.SignDetached(artifact, signer + "!", true, "--digest-algo", "SHA384");
                DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(artifact, signature, Keys(key));
                Assert.True(check.IsValid, check.StatusMessage);
                Assert.Equal("SHA384", check.HashAlgorithm);
                Assert.Contains("GOODSIG", _gpg.GpgVerifyStatus(signature, artifact, key));
                File.AppendAllText(artifact, "x");
                Assert.Equal(DetachedSignatureStatus.InvalidSignature, DetachedSignatureVerifier.Verify(artifact, signature, Keys(key)).Status);
                Assert.Contains("BADSIG", _gpg.GpgVerifyStatus(signature, artifact, key));
            }
        }

        [GpgFact]
        public void ClearSigned_Valid_Then_Edited_IsInvalid_AsGpgSays()
        {
            string sums = Artifact("SHA256SUMS", "0000000000000000000000000000000000000000000000000000000000000001  a.iso\n-dash line  b.iso \n");
            string key = _gpg.Export(_gpg.Alice);
            string signed = _gpg.ClearSign(sums, _gpg.Alice + "!");
            DetachedSignatureCheck check = DetachedSignatureVerifier.VerifyClearSigned(signed, Keys(key), InputKind.SignedChecksumManifest, out byte[]? text);
            Assert.True(check.IsValid, check.StatusMessage);
            Assert.Equal(DetachedSignatureFormat.OpenPgpClearSigned, check.Format);
            Assert.Equal(File.ReadAllText(sums), Encoding.UTF8.GetString(text!));
            Assert.Contains("GOODSIG", _gpg.GpgVerifyStatus(signed, null, key));

            File.WriteAllText(signed, File.ReadAllText(signed).Replace("0001  a.iso", "0002  a.iso"));
            Assert.Equal(DetachedSignatureStatus.InvalidSignature, DetachedSignatureVerifier.VerifyClearSigned(signed, Keys(key), InputKind.SignedChecksumManifest, out text).Status);
            Assert.Null(text);
            Assert.Contains("BADSIG", _gpg.GpgVerifyStatus(signed, null, key));
        }

        [GpgFact]
        public void BrokenArmorChecksum_And_Truncated_AreMalformed_NamingTheFile()
        {
            string artifact = Artifact("bad.tar");
            string key = _gpg.Export(_gpg.Alice);
            string armored = _gpg.SignDetached(artifact, _gpg.Alice + "!", true);
            string[] lines = File.ReadAllLines(armored);
            int crc = Array.FindIndex(lines, l => l.StartsWith("=", StringComparison.Ordinal));
            lines[crc] = lines[crc] == "=AAAA" ? "=BBBB" : "=AAAA";
            File.WriteAllLines(armored, lines);
            DetachedSignatureCheck broken = DetachedSignatureVerifier.Verify(artifact, armored, Keys(key));
            Assert.Equal(DetachedSignatureStatus.Malformed, broken.Status);
            Assert.Contains(armored, broken.StatusMessage);

            string binary = _gpg.SignDetached(artifact, _gpg.Alice + "!");
            byte[] bytes = File.ReadAllBytes(binary);
            File.WriteAllBytes(binary, bytes.Take(bytes.Length / 2).ToArray());
            DetachedSignatureCheck truncated = DetachedSignatureVerifier.Verify(artifact, binary, Keys(key));
            Assert.Equal(DetachedSignatureStatus.Malformed, truncated.Status);
            Assert.Contains(binary, truncated.StatusMessage);
        }

        [Fact]
        public void HugeSignatureFile_IsRefusedBeforeItIsRead()
        {
            string folder = Directory.CreateTempSubdirectory("sct-sig-").FullName;
            try
            {
                string artifact = Path.Combine(folder, "a.bin");
                File.WriteAllText(artifact, "x");
                string signature = Path.Combine(folder, "a.bin.sig");
                using (var stream = File.Create(signature))
                {
                    stream.SetLength(100L * 1024 * 1024);
                }

                var keys = TrustedKeySet.Load(Array.Empty<string>(), new[] { new string('A', 40) });
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var ex = Assert.Throws<InputFileTooLargeException>(() => DetachedSignatureVerifier.Verify(artifact, signature, keys));
                Assert.Contains(signature, ex.Message);
                Assert.True(watch.ElapsedMilliseconds < 5000);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        [Fact]
        public void KeyringThatIsNotAKeyring_IsOneClearError()
        {
            string folder = Directory.CreateTempSubdirectory("sct-keys-").FullName;
            try
            {
                string notKey = Path.Combine(folder, "pubring.txt");
                File.WriteAllText(notKey, "this is not a key\n");
                var ex = Assert.Throws<ArgumentException>(() => TrustedKeySet.Load(new[] { folder }, Array.Empty<string>()));
                Assert.Contains(notKey, ex.Message);
                Assert.Throws<ArgumentException>(() => TrustedKeySet.Load(Array.Empty<string>(), new[] { "not-a-fingerprint" }));
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }
    }
}
