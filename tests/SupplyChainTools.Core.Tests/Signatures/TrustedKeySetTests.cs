using System;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Signatures;

namespace SupplyChainTools.Core.Tests.Signatures
{
    /// <summary>What -TrustedKey reads: key files of every kind, fingerprints, and what it refuses.</summary>
    public sealed class TrustedKeySetTests
    {
        [Fact]
        public void ReadsEveryKind_OfKeyFile()
        {
            var keys = TrustedKeySet.Load(
                new[] { "vendor.asc", "vendor.gpg", "minisign.pub", "cosign.pub" }.Select(CommittedSignaturesTests.Made)
                    .Append(Path.Combine(AppContext.BaseDirectory, "fixtures", "signatures", "root-ca.pem")),
                Array.Empty<string>());
            Assert.Empty(keys.Problems);
            Assert.Equal(5, keys.KeyCount);
        }

        [Theory]
        [InlineData("97F6 D810 2A78 B88E F66A  129A FF5A 2432 042D 5A41", true)]
        [InlineData("E7620F1842B4E81F", true)]
        [InlineData("./vendor.asc", false)]
        [InlineData("97F6D8102A78B88EF66A129AFF5A2432042D5A4", false)]
        public void Fingerprints_AreTold_FromPaths(string value, bool isFingerprint)
        {
            Assert.Equal(isFingerprint, TrustedKeySet.LooksLikeFingerprint(value));
        }

        [Fact]
        public void PrivateKeys_AndGnupgKeyboxes_AreRefused_WithAdvice()
        {
            using var folder = new TempDirectory();
            string secret = folder.Combine("secret.asc");
            File.WriteAllText(secret, "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxx\n-----END PGP PRIVATE KEY BLOCK-----\n");
            string keybox = folder.Combine("pubring.kbx");
            File.WriteAllBytes(keybox, new byte[] { 0, 0, 0, 32, 1, 1, 0, 0, (byte)'K', (byte)'B', (byte)'X', (byte)'f', 0, 0, 0, 0 });
            var ex = Assert.Throws<ArgumentException>(() => TrustedKeySet.Load(new[] { secret, keybox }, Array.Empty<string>()));
            Assert.Contains("private key", ex.Message);
            var withPin = TrustedKeySet.Load(new[] { keybox }, new[] { new string('A', 40) });
            Assert.Contains("gpg --export", Assert.Single(withPin.Problems).Message);
        }
    }
}
