using System;
using System.Text;
using System.Threading;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>
    /// Cosign's keyed blob signature (cosign sign-blob --key): base64 of an ASN.1 ECDSA signature over the SHA-256 of
    /// the file, checked against the pinned PEM public keys (cosign.pub). The signature names no key, so each pinned
    /// EC key is tried; a key read from a file but not pinned is reported as such.
    /// </summary>
    internal static class CosignVerifier
    {
        /// <summary>Most bytes of a DER ECDSA signature (P-521 is 139).</summary>
        private const int MaximumSignatureLength = 160;

        /// <summary>True when the file is one base64 line that decodes to a DER SEQUENCE of signature size.</summary>
        public static bool LooksLikeCosign(byte[] bytes, out byte[] signature)
        {
            signature = Array.Empty<byte>();
            if (bytes.Length > 512)
            {
                return false;
            }

            string text = Encoding.ASCII.GetString(bytes).Trim();
            try
            {
                signature = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                return false;
            }

            return signature.Length >= 8 && signature.Length <= MaximumSignatureLength && signature[0] == 0x30;
        }

        public static void Verify(SignatureVerdict verdict, SignedContent content, byte[] signature, TrustedKeySet keys)
        {
            verdict.HashAlgorithm = "SHA256";
            byte[] digest = content.Sha256();
            foreach (PemPublicKey key in keys.PublicKeys)
            {
                if (!(key.Key is ECPublicKeyParameters))
                {
                    continue;
                }

                var signer = SignerUtilities.GetSigner("NONEwithECDSA");
                signer.Init(false, key.Key);
                signer.BlockUpdate(digest, 0, digest.Length);
                bool valid;
                try
                {
                    valid = signer.VerifySignature(signature);
                }
                catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException || ex is System.IO.IOException || ex is FormatException)
                {
                    throw new SignatureFormatException("The cosign signature is not a DER ECDSA signature.", ex);
                }

                if (valid)
                {
                    verdict.SignerFingerprint = verdict.SignerKeyId = key.Fingerprint;
                    if (!keys.IsTrusted(true, key.Fingerprint))
                    {
                        verdict.Add(DetachedSignatureStatus.NotTrusted, $"The cosign signature was made by the key from '{key.Source}' (SHA-256 {key.Fingerprint}), which is not pinned.");
                    }

                    verdict.ValidMessage = $"Signed by the trusted cosign key {key.Fingerprint}.";
                    return;
                }
            }

            verdict.Add(DetachedSignatureStatus.InvalidSignature, "The cosign signature matches no trusted public key over this file: the file was changed, or it was signed by another key.");
        }
    }
}
