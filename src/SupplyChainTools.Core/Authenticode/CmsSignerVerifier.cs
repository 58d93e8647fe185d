using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>
    /// Verifies a CMS SignerInfo the way SignedCms.CheckSignature(verifySignatureOnly: true) does, but
    /// without materialising every embedded certificate per call: certificates come from the
    /// process-wide <see cref="CertificateCache"/> (one X509Certificate2 per distinct DER) and public
    /// keys from a per-certificate pool. Inputs it cannot judge exactly like SignedCms (other signature
    /// algorithms such as DSA, signers it cannot locate by raw comparison, certificate sets with
    /// undecodable or non-X.509 entries) are reported as Unsupported so the caller falls back to SignedCms;
    /// nothing is accepted on that path.
    /// </summary>
    internal static partial class CmsSignerVerifier
    {
        // SignedCms's messages, so the problem texts stay what they were.
        private const string BadHashValue = "The hash value is not correct";
        private const string BadSignature = "Invalid signature";

        public static SignerVerification Verify(CmsSignedData signedData, CmsSignerInfo signer, CertificateCache certificates)
        {
            if (!DigestAlgorithms.TryFromOid(signer.DigestAlgorithmOid, out HashAlgorithmName digestAlgorithm))
            {
                return SignerVerification.Unsupported("digest algorithm " + signer.DigestAlgorithmOid);
            }

            if (!TryResolveSignatureAlgorithm(signer.SignatureAlgorithmOid, out PublicKeyKind keyKind, out HashAlgorithmName? expectedDigest))
            {
                return SignerVerification.Unsupported("signature algorithm " + signer.SignatureAlgorithmOid);
            }

            CachedCertificate? certificate = FindSignerCertificate(signedData, signer, certificates);
            if (certificate == null)
            {
                return SignerVerification.Unsupported("signer certificate not located by raw comparison");
            }

            if (certificate.Keys.Kind == PublicKeyKind.Other)
            {
                return SignerVerification.Unsupported("public key algorithm " + certificate.Certificate.PublicKey.Oid.Value);
            }

            byte[] contentDigest = HashContent(signedData, digestAlgorithm);
            List<byte[]> toBeSigned;
            if (signer.HasSignedAttributes)
            {
                string? attributeProblem = CheckSignedAttributes(signedData, signer, contentDigest);
                if (attributeProblem != null)
                {
                    return SignerVerification.Failed(certificate, attributeProblem);
                }

                // SignedCms hashes the attributes re-encoded as a DER SET OF (sorted), then, for signers
                // that did not sort them, in document order; both are tried here, in that order.
                try
                {
                    toBeSigned = EncodeSignedAttributes(signer.SignedAttributes);
                }
                catch (ArgumentException)
                {
                    // A value that is BER but not DER cannot be re-encoded here (found by fuzzing); SignedCms decides.
                    return SignerVerification.Unsupported("signed attributes that do not re-encode as DER");
                }
            }
            else
            {
                toBeSigned = new List<byte[]>(0);
            }

            if (expectedDigest.HasValue && expectedDigest.Value != digestAlgorithm)
            {
                return SignerVerification.Failed(certificate, "The digest algorithm " + signer.DigestAlgorithmOid + " is not valid for the signature algorithm " + signer.SignatureAlgorithmOid);
            }

            RSASignaturePadding? padding = null;
            if (keyKind == PublicKeyKind.Rsa)
            {
                string? paddingProblem = ResolvePadding(signer, digestAlgorithm, out padding);
                if (paddingProblem != null)
                {
                    return SignerVerification.Failed(certificate, paddingProblem);
                }
            }

            if (certificate.Keys.Kind != keyKind)
            {
                // SignedCms finds no key of the expected type and reports a bad signature.
                return SignerVerification.Failed(certificate, BadSignature);
            }

            if (toBeSigned.Count == 0)
            {
                return VerifyHash(certificate, keyKind, contentDigest, signer.Signature, digestAlgorithm, padding)
                    ? SignerVerification.Verified(certificate)
                    : SignerVerification.Failed(certificate, BadSignature);
            }

            foreach (byte[] encodedAttributes in toBeSigned)
            {
                byte[] hash = DigestAlgorithms.Hash(digestAlgorithm, encodedAttributes);
                if (VerifyHash(certificate, keyKind, hash, signer.Signature, digestAlgorithm, padding))
                {
                    return SignerVerification.Verified(certificate);
                }
            }

            return SignerVerification.Failed(certificate, BadSignature);
        }

        /// <summary>
        /// The signer's certificate among the SignedData's certificates (first match, like SignedCms), or null
        /// when it cannot be located this way or when an X.509 certificate of the set does not decode (SignedCms
        /// then throws while building its store, so the fallback reports that as before).
        /// </summary>
        internal static CachedCertificate? FindSignerCertificate(CmsSignedData signedData, CmsSignerInfo signer, CertificateCache certificates)
        {
            // Attribute certificates and other non-X.509 choices (Microsoft's time-stamp tokens carry a v1
            // attribute certificate) are not candidates; SignedCms leaves them out of its store too.
            CachedCertificate? match = null;
            foreach (ReadOnlyMemory<byte> der in signedData.Certificates)
            {
                CachedCertificate entry;
                try
                {
                    entry = certificates.GetEntry(der);
                }
                catch (CryptographicException)
                {
                    return null;
                }

                if (match != null)
                {
                    continue;
                }

                if (signer.IssuerName.Length > 0)
                {
                    if (entry.MatchesIssuerAndSerial(signer.IssuerName.Span, signer.SerialNumber.Span))
                    {
                        match = entry;
                    }
                }
                else if (signer.SubjectKeyIdentifier.Length > 0 && entry.MatchesSubjectKeyIdentifier(signer.SubjectKeyIdentifier.Span))
                {
                    match = entry;
                }
            }

            return match;
        }
    }
}
