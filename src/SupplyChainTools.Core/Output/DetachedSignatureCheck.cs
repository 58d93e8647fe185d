using System;
using System.Collections.Generic;
using SupplyChainTools.Core.Signatures;

namespace SupplyChainTools
{
    /// <summary>The verdict on one detached signature (OpenPGP, minisign, CMS or cosign) over one file, against the keys the user pinned.</summary>
    public sealed class DetachedSignatureCheck
    {
        public DetachedSignatureCheck(
            string path,
            string signatureFile,
            string format,
            string status,
            string statusMessage,
            string? signerFingerprint,
            string? signerKeyId,
            string? signerUserId,
            DateTime? signedUtc,
            string? hashAlgorithm,
            string? trustedComment,
            IReadOnlyList<string> problems)
        {
            Path = path;
            SignatureFile = signatureFile;
            Format = format;
            Status = status;
            StatusMessage = statusMessage;
            SignerFingerprint = signerFingerprint;
            SignerKeyId = signerKeyId;
            SignerUserId = signerUserId;
            SignedUtc = signedUtc;
            HashAlgorithm = hashAlgorithm;
            TrustedComment = trustedComment;
            Problems = problems ?? Array.Empty<string>();
        }

        /// <summary>Full path of the signed file.</summary>
        public string Path { get; }

        /// <summary>Full path of the signature file (the file itself for a clear-signed text).</summary>
        public string SignatureFile { get; }

        /// <summary>One of <see cref="DetachedSignatureFormat"/>: OpenPGP, OpenPGPClearSigned, Minisign, Cms, Cosign.</summary>
        public string Format { get; }

        /// <summary>One of <see cref="DetachedSignatureStatus"/>: Valid, InvalidSignature, NotTrusted, Expired, Revoked, KeyNotBound, WeakAlgorithm, Malformed.</summary>
        public string Status { get; }

        /// <summary>One sentence saying why (the most serious problem, or who signed).</summary>
        public string StatusMessage { get; }

        public bool IsValid => Status == DetachedSignatureStatus.Valid;

        /// <summary>The signer's primary key fingerprint (OpenPGP), key id (minisign), SHA-256 of the public key (cosign) or certificate SHA-256 thumbprint (CMS); upper-case hex.</summary>
        public string? SignerFingerprint { get; }

        /// <summary>The key that made the signature: the OpenPGP (sub)key id, the minisign key id, the certificate's SHA-1 thumbprint.</summary>
        public string? SignerKeyId { get; }

        /// <summary>The OpenPGP user id or the certificate subject, when there is one.</summary>
        public string? SignerUserId { get; }

        /// <summary>When the signature says it was made (OpenPGP, CMS signing time), UTC.</summary>
        public DateTime? SignedUtc { get; }

        /// <summary>The digest algorithm the signature covers the file with (SHA256, BLAKE2b-512...).</summary>
        public string? HashAlgorithm { get; }

        /// <summary>Minisign's trusted comment, which its global signature covers.</summary>
        public string? TrustedComment { get; }

        /// <summary>Every problem found, one sentence each, most serious first.</summary>
        public IReadOnlyList<string> Problems { get; }

        public override string ToString() => Status + " " + Path;
    }
}
