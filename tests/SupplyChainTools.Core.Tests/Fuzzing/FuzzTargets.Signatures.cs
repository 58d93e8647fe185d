using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Signatures;
using SupplyChainTools.Core.Tests.Signatures;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>The detached-signature readers: OpenPGP (binary, armored, clear-signed), minisign, cosign, CMS, and the key files.</summary>
    internal static partial class FuzzTargets
    {
        private static readonly string[] SignatureTokens = { "-----BEGIN PGP SIGNATURE-----", "-----END PGP SIGNATURE-----", "-----BEGIN PGP SIGNED MESSAGE-----", "Hash: SHA256", "- ", "=", "\n", "\r\n", "untrusted comment: ", "trusted comment: ", "-----BEGIN CMS-----", "-----END CMS-----", "RWQ", "RUQ" };

        /// <summary>
        /// Every detached signature format over one file with every key trusted. Oracle: whatever the mutation, a Valid
        /// verdict names the key that signed the seed (a mutation can never make another signer accepted), and a
        /// Malformed one names the signature file.
        /// </summary>
        private static FuzzTarget DetachedSignature()
        {
            var folder = new TempDirectory();
            string artifact = CommittedSignaturesTests.Made("release.tar");
            var keys = TrustedKeySet.Load(new[] { "vendor.asc", "minisign.pub", "cosign.pub" }.Select(CommittedSignaturesTests.Made), Array.Empty<string>());
            keys.ReadKeyFile("root-ca.pem", File.ReadAllBytes(Fixture("signatures", "root-ca.pem")));
            var signers = new Dictionary<string, string?>(StringComparer.Ordinal);
            var seeds = new List<FuzzSeed>();
            foreach (string name in new[] { "release.tar.sig", "release.tar.asc", "release.tar.minisig", "release.tar.cosign" })
            {
                seeds.Add(new FuzzSeed(name, File.ReadAllBytes(CommittedSignaturesTests.Made(name))));
                signers[name] = DetachedSignatureVerifier.Verify(artifact, CommittedSignaturesTests.Made(name), keys).SignerFingerprint;
            }

            foreach (string name in new[] { "artifact.zip.p7s", "artifact.zip.p7s.pem" })
            {
                seeds.Add(new FuzzSeed(name, File.ReadAllBytes(Fixture("signatures", name))));
                signers[name] = DetachedSignatureVerifier.Verify(Fixture("signatures", "artifact.zip"), Fixture("signatures", name), keys).SignerFingerprint;
            }

            string input = folder.Combine("input.sig");
            FuzzTarget? target = null;
            target = new FuzzTarget(
                "DetachedSignature",
                seeds,
                (bytes, origin) =>
                {
                    File.WriteAllBytes(input, bytes);
                    string data = origin.Name.StartsWith("artifact", StringComparison.Ordinal) ? Fixture("signatures", "artifact.zip") : artifact;
                    DetachedSignatureCheck check = DetachedSignatureVerifier.Verify(data, input, keys);
                    if (check.Status == DetachedSignatureStatus.Malformed && !check.StatusMessage.Contains(input, StringComparison.Ordinal) && !check.StatusMessage.Contains("signature", StringComparison.OrdinalIgnoreCase))
                    {
                        return "a Malformed verdict does not say which file: " + check.StatusMessage;
                    }

                    if (check.IsValid)
                    {
                        target!.OracleChecks++;
                        return check.SignerFingerprint == signers[origin.Name] ? null : $"a mutated signature was accepted for another signer ({check.SignerFingerprint})";
                    }

                    return null;
                })
            {
                Tokens = SignatureTokens,
                Cleanup = folder.Dispose,
            };
            return target;
        }

        /// <summary>Clear-signed checksum files. Oracle: when the verdict is Valid, the signed text is the seed's (no mutation changes what a valid signature vouches for).</summary>
        private static FuzzTarget ClearSigned()
        {
            var folder = new TempDirectory();
            var keys = TrustedKeySet.Load(new[] { CommittedSignaturesTests.Made("vendor.asc") }, Array.Empty<string>());
            byte[] sums = File.ReadAllBytes(CommittedSignaturesTests.Made("SHA256SUMS"));
            string input = folder.Combine("SHA256SUMS.asc");
            FuzzTarget? target = null;
            target = new FuzzTarget(
                "ClearSigned",
                new[] { new FuzzSeed("SHA256SUMS.clearsigned", File.ReadAllBytes(CommittedSignaturesTests.Made("SHA256SUMS.clearsigned"))) },
                (bytes, origin) =>
                {
                    File.WriteAllBytes(input, bytes);
                    DetachedSignatureCheck check = DetachedSignatureVerifier.VerifyClearSigned(input, keys, InputKind.SignedChecksumManifest, out byte[]? text);
                    if (!check.IsValid)
                    {
                        return text == null ? null : "an invalid clear signature still gave its text";
                    }

                    target!.OracleChecks++;
                    string signed = System.Text.Encoding.UTF8.GetString(text!).Replace("\r", string.Empty).TrimEnd(' ', '\t', '\n');
                    string expected = System.Text.Encoding.UTF8.GetString(sums).TrimEnd('\n');
                    return string.Join("\n", signed.Split('\n').Select(l => l.TrimEnd(' ', '\t'))) == expected ? null : "a mutated clear-signed text was accepted: " + signed;
                })
            {
                Tokens = SignatureTokens,
                Cleanup = folder.Dispose,
            };
            return target;
        }

        /// <summary>Key files of every kind. Documented: a file that is not a key is a <see cref="SignatureFormatException"/>; nothing else escapes.</summary>
        private static FuzzTarget TrustedKey()
        {
            var seeds = new List<FuzzSeed>();
            foreach (string name in new[] { "vendor.asc", "vendor.gpg", "minisign.pub", "cosign.pub" })
            {
                seeds.Add(new FuzzSeed(name, File.ReadAllBytes(CommittedSignaturesTests.Made(name))));
            }

            seeds.Add(new FuzzSeed("root-ca.pem", File.ReadAllBytes(Fixture("signatures", "root-ca.pem"))));
            return new FuzzTarget(
                "TrustedKey",
                seeds,
                (bytes, origin) =>
                {
                    var keys = new TrustedKeySet();
                    keys.ReadKeyFile(origin.Name, bytes);
                    return keys.KeyCount == 0 ? "a key file was read as holding no key" : null;
                },
                typeof(SignatureFormatException))
            {
                Tokens = new[] { "-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----END PGP PUBLIC KEY BLOCK-----", "-----BEGIN PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----", "untrusted comment: ", "=", "\n" },
            };
        }
    }
}
