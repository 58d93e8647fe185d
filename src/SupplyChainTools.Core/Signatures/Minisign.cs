using System;
using System.IO;
using System.Text;
using System.Threading;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>A minisign public key: the "Ed" algorithm, an 8-byte key id and a 32-byte Ed25519 key.</summary>
    internal sealed class MinisignPublicKey
    {
        private MinisignPublicKey(byte[] keyId, byte[] key, string source)
        {
            KeyId = keyId;
            Key = key;
            Source = source;
        }

        public byte[] KeyId { get; }
        public byte[] Key { get; }
        public string Source { get; }

        /// <summary>The key id as minisign prints it (the 8 bytes as a little-endian number, upper-case hex).</summary>
        public string KeyIdHex => Minisign.KeyIdHex(KeyId);

        /// <summary>Parses a .pub file: an untrusted comment line, then base64 of "Ed" + key id + key.</summary>
        public static MinisignPublicKey Parse(string path, string text)
        {
            string[] lines = Minisign.Lines(text, 2);
            if (lines.Length < 2 || !lines[0].StartsWith("untrusted comment:", StringComparison.Ordinal))
            {
                throw new SignatureFormatException($"The minisign public key '{path}' is not one: it must be an 'untrusted comment:' line and a base64 key line.");
            }

            byte[] blob = PemDecoding.Base64(path, lines[1]);
            if (blob.Length != 42 || blob[0] != (byte)'E' || blob[1] != (byte)'d')
            {
                throw new SignatureFormatException($"The minisign public key '{path}' is not one: its key line must be 42 bytes starting 'Ed' (Ed25519).");
            }

            return new MinisignPublicKey(Sub(blob, 2, 8), Sub(blob, 10, 32), path);
        }

        internal static byte[] Sub(byte[] source, int offset, int length)
        {
            byte[] part = new byte[length];
            Buffer.BlockCopy(source, offset, part, 0, length);
            return part;
        }
    }

    /// <summary>
    /// Minisign signatures (.minisig): the signature over the file (Ed25519 over the bytes, "Ed", or over their BLAKE2b-512,
    /// "ED") and the global signature over the signature and the trusted comment, so an edited comment fails too.
    /// </summary>
    internal static class Minisign
    {
        /// <summary>Legacy ("Ed") signatures sign the whole file, which must be held in memory: at most this many bytes.</summary>
        public const long MaximumLegacyFileLength = 1024L * 1024 * 1024;

        private const string TrustedCommentPrefix = "trusted comment: ";

        public static string KeyIdHex(byte[] keyId)
        {
            byte[] reversed = (byte[])keyId.Clone();
            Array.Reverse(reversed);
            return HexConverter.ToUpperHex(reversed);
        }

        public static bool LooksLikeMinisig(byte[] signature)
        {
            string head = Encoding.ASCII.GetString(signature, 0, Math.Min(signature.Length, 32)).TrimStart('\uFEFF');
            return head.StartsWith("untrusted comment:", StringComparison.Ordinal);
        }

        /// <summary>The first <paramref name="count"/> lines and what follows, split on LF or CRLF; the file's lines are bounded by its size.</summary>
        public static string[] Lines(string text, int count) =>
            text.Replace("\r\n", "\n").TrimStart('\uFEFF').Split(new[] { '\n' }, count + 1);

        public static void Verify(SignatureVerdict verdict, SignedContent content, byte[] signatureBytes, string signaturePath, TrustedKeySet keys)
        {
            string[] lines = Lines(Encoding.UTF8.GetString(signatureBytes), 4);
            if (lines.Length < 4 || !lines[2].StartsWith(TrustedCommentPrefix, StringComparison.Ordinal))
            {
                throw new SignatureFormatException($"The minisign signature '{signaturePath}' is truncated or malformed: it must have four lines (untrusted comment, signature, trusted comment, global signature).");
            }

            byte[] blob = PemDecoding.Base64(signaturePath, lines[1]);
            byte[] global = PemDecoding.Base64(signaturePath, lines[3].Trim());
            if (blob.Length != 74 || blob[0] != (byte)'E' || (blob[1] != (byte)'d' && blob[1] != (byte)'D') || global.Length != 64)
            {
                throw new SignatureFormatException($"The minisign signature '{signaturePath}' is malformed: line 2 must be 74 bytes starting 'Ed' or 'ED' and line 4 a 64-byte signature.");
            }

            bool prehashed = blob[1] == (byte)'D';
            byte[] keyId = MinisignPublicKey.Sub(blob, 2, 8);
            byte[] signature = MinisignPublicKey.Sub(blob, 10, 64);
            string comment = lines[2].Substring(TrustedCommentPrefix.Length);
            verdict.SignerKeyId = verdict.SignerFingerprint = KeyIdHex(keyId);
            verdict.TrustedComment = comment;
            verdict.HashAlgorithm = prehashed ? "BLAKE2b-512" : "None (Ed25519 over the file)";

            MinisignPublicKey? key = keys.MinisignKeys.Find(k => k.KeyIdHex == verdict.SignerKeyId);
            if (key == null)
            {
                verdict.Add(DetachedSignatureStatus.NotTrusted, $"The file was signed by the minisign key {verdict.SignerKeyId}, which is not among the trusted keys.");
                return;
            }

            if (!keys.IsTrusted(true, key.KeyIdHex))
            {
                verdict.Add(DetachedSignatureStatus.NotTrusted, $"The file was signed by the minisign key {key.KeyIdHex} from '{key.Source}', whose key id is not pinned.");
            }

            var publicKey = new Ed25519PublicKeyParameters(key.Key, 0);
            var signer = new Ed25519Signer();
            signer.Init(false, publicKey);
            if (prehashed)
            {
                byte[] digest = Blake2b512(content);
                signer.BlockUpdate(digest, 0, digest.Length);
            }
            else
            {
                content.Feed(MaximumLegacyFileLength, (buffer, count) => signer.BlockUpdate(buffer, 0, count));
            }

            if (!signer.VerifySignature(signature))
            {
                verdict.Add(DetachedSignatureStatus.InvalidSignature, "The minisign signature does not match the file: the file was changed after it was signed, or the signature is for another file.");
                return;
            }

            var globalSigner = new Ed25519Signer();
            globalSigner.Init(false, publicKey);
            byte[] commentBytes = Encoding.UTF8.GetBytes(comment);
            globalSigner.BlockUpdate(signature, 0, signature.Length);
            globalSigner.BlockUpdate(commentBytes, 0, commentBytes.Length);
            if (!globalSigner.VerifySignature(global))
            {
                verdict.Add(DetachedSignatureStatus.InvalidSignature, "The minisign trusted comment was changed after it was signed (its global signature does not match), so the whole signature is refused.");
                return;
            }

            verdict.ValidMessage = $"Signed by the trusted minisign key {key.KeyIdHex}; trusted comment: {comment}";
        }

        private static byte[] Blake2b512(SignedContent content)
        {
            var digest = new Blake2bDigest(512);
            content.Feed(null, (buffer, count) => digest.BlockUpdate(buffer, 0, count));
            byte[] result = new byte[64];
            digest.DoFinal(result, 0);
            return result;
        }
    }
}
