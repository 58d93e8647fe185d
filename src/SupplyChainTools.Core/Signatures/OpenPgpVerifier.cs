using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>
    /// Verifies OpenPGP signatures (RSA, EdDSA, ECDSA through BouncyCastle) against the pinned keys: the signature's
    /// math, its hash algorithm, and the signing key's standing (self-signatures, subkey binding and back-signature,
    /// revocation, creation and expiry), each refusal with its sentence.
    /// </summary>
    internal static partial class OpenPgpVerifier
    {
        /// <summary>Hash algorithms no signature is accepted with (collisions are practical or near).</summary>
        private static readonly HashSet<HashAlgorithmTag> WeakHashes = new HashSet<HashAlgorithmTag> { HashAlgorithmTag.MD5, HashAlgorithmTag.Sha1, HashAlgorithmTag.RipeMD160, HashAlgorithmTag.MD2 };

        /// <summary>Checks the signature among <paramref name="signatures"/> made by a trusted key (or the first one), feeding it the signed bytes through <paramref name="feed"/>.</summary>
        public static void Verify(SignatureVerdict verdict, IReadOnlyList<PgpSignature> signatures, Action<Action<byte[], int>> feed, TrustedKeySet keys, DateTime now)
        {
            var candidates = signatures.Select(s => (Signature: s, Found: FindKey(keys, s))).ToList();
            var chosen = candidates.FirstOrDefault(c => c.Found != null && IsPinned(keys, c.Found.Value.Ring, c.Found.Value.Key));
            if (chosen.Signature == null)
            {
                chosen = candidates.FirstOrDefault(c => c.Found != null);
            }

            if (chosen.Signature == null)
            {
                chosen = candidates[0];
            }

            PgpSignature signature = chosen.Signature;
            verdict.SignedUtc = signature.CreationTime;
            verdict.SignerKeyId = signature.KeyId.ToString("X16");
            verdict.HashAlgorithm = HashName(signature.HashAlgorithm);
            if (chosen.Found == null)
            {
                verdict.Add(DetachedSignatureStatus.NotTrusted, $"The signature was made by the OpenPGP key {verdict.SignerKeyId}, which is not among the trusted keys.");
                return;
            }

            PgpPublicKeyRing ring = chosen.Found.Value.Ring;
            PgpPublicKey key = chosen.Found.Value.Key;
            PgpPublicKey primary = ring.GetPublicKey();
            verdict.SignerFingerprint = Fingerprint(primary);
            verdict.SignerUserId = primary.GetUserIds().FirstOrDefault();
            if (!IsPinned(keys, ring, key))
            {
                verdict.Add(DetachedSignatureStatus.NotTrusted, $"The signature was made by the OpenPGP key {verdict.SignerFingerprint}, whose fingerprint is not pinned.");
            }

            if (WeakHashes.Contains(signature.HashAlgorithm))
            {
                verdict.Add(DetachedSignatureStatus.WeakAlgorithm, $"The signature uses {verdict.HashAlgorithm}, which is refused as too weak for signatures.");
            }

            CheckMath(verdict, signature, key, feed);
            CheckKey(verdict, signature, primary, key, now);
            if (!verdict.HasProblems)
            {
                verdict.ValidMessage = $"Signed by the trusted OpenPGP key {verdict.SignerFingerprint}" + (verdict.SignerUserId != null ? $" ({verdict.SignerUserId})." : ".");
            }
        }

        private static void CheckMath(SignatureVerdict verdict, PgpSignature signature, PgpPublicKey key, Action<Action<byte[], int>> feed)
        {
            bool valid;
            try
            {
                signature.InitVerify(key);
                bool text = signature.SignatureType == PgpSignature.CanonicalTextDocument;
                var canonicalizer = new TextCanonicalizer();
                feed((buffer, count) =>
                {
                    if (text)
                    {
                        canonicalizer.Update(buffer, count, (b, n) => signature.Update(b, 0, n));
                    }
                    else
                    {
                        signature.Update(buffer, 0, count);
                    }
                });
                valid = signature.Verify();
            }
            catch (PgpException ex)
            {
                verdict.Add(DetachedSignatureStatus.Malformed, $"The signature cannot be checked with its key: {ex.Message}");
                return;
            }

            if (!valid)
            {
                verdict.Add(DetachedSignatureStatus.InvalidSignature, "The OpenPGP signature does not match the file: the file was changed after it was signed, or the signature is for another file.");
            }
        }

        private static (PgpPublicKeyRing Ring, PgpPublicKey Key)? FindKey(TrustedKeySet keys, PgpSignature signature)
        {
            foreach (PgpPublicKeyRing ring in keys.OpenPgpRings)
            {
                PgpPublicKey? key = ring.GetPublicKey(signature.KeyId);
                if (key != null)
                {
                    return (ring, key);
                }
            }

            return null;
        }

        private static bool IsPinned(TrustedKeySet keys, PgpPublicKeyRing ring, PgpPublicKey key) =>
            keys.IsTrusted(true, Fingerprint(ring.GetPublicKey()), Fingerprint(key));

        internal static string Fingerprint(PgpPublicKey key) => HexConverter.ToUpperHex(key.GetFingerprint());

        internal static string HashName(HashAlgorithmTag tag) => tag switch
        {
            HashAlgorithmTag.Sha1 => "SHA1",
            HashAlgorithmTag.Sha224 => "SHA224",
            HashAlgorithmTag.Sha256 => "SHA256",
            HashAlgorithmTag.Sha384 => "SHA384",
            HashAlgorithmTag.Sha512 => "SHA512",
            HashAlgorithmTag.MD5 => "MD5",
            HashAlgorithmTag.RipeMD160 => "RIPEMD160",
            _ => tag.ToString().ToUpperInvariant(),
        };

        /// <summary>Turns lone LF into CRLF as text-mode signatures (type 0x01) require, across chunk boundaries.</summary>
        private sealed class TextCanonicalizer
        {
            private bool _lastWasCarriageReturn;

            public void Update(byte[] buffer, int count, Action<byte[], int> write)
            {
                var output = new System.IO.MemoryStream(count + count / 8);
                for (int i = 0; i < count; i++)
                {
                    byte b = buffer[i];
                    if (b == (byte)'\n' && !_lastWasCarriageReturn)
                    {
                        output.WriteByte((byte)'\r');
                    }

                    output.WriteByte(b);
                    _lastWasCarriageReturn = b == (byte)'\r';
                }

                write(output.GetBuffer(), (int)output.Length);
            }
        }
    }
}
