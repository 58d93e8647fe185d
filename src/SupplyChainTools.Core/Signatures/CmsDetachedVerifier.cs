using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>
    /// Detached CMS (PKCS#7, .p7s) signatures, DER or PEM: the signer's signature over the file, then its chain through
    /// the module's chain engine to the certificates the user gave (or a pinned thumbprint). A self-signed signer
    /// nobody pinned fails trust even though its signature is mathematically valid.
    /// </summary>
    internal static class CmsDetachedVerifier
    {
        /// <summary>SignedCms needs the signed content in memory: files up to this size.</summary>
        public const long MaximumContentLength = 512L * 1024 * 1024;

        private static readonly string[] WeakDigests = { "1.2.840.113549.2.5", "1.3.14.3.2.26" };

        public static bool LooksLikeCms(string path, byte[] bytes, out byte[] der)
        {
            string head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 64)).TrimStart();
            der = bytes;
            foreach (string label in new[] { "CMS", "PKCS7" })
            {
                if (head.StartsWith("-----BEGIN " + label + "-----", StringComparison.Ordinal))
                {
                    der = PemDecoding.Decode(path, Encoding.ASCII.GetString(bytes), label);
                    return true;
                }
            }

            return bytes.Length > 16 && bytes[0] == 0x30;
        }

        public static void Verify(SignatureVerdict verdict, SignedContent signed, byte[] der, string signaturePath, TrustedKeySet keys, DateTime now)
        {
            try
            {
                VerifyDecoded(verdict, signed, der, signaturePath, keys, now);
            }
            catch (Exception ex) when (ex is CryptographicException || ex is ArgumentException || ex is FormatException || ex is InvalidOperationException)
            {
                // A certificate or attribute inside the signature that cannot be read (met by the fuzz target).
                throw new SignatureFormatException($"The CMS signature '{signaturePath}' holds a part that cannot be read: {ex.Message}", ex);
            }
        }

        private static void VerifyDecoded(SignatureVerdict verdict, SignedContent signed, byte[] der, string signaturePath, TrustedKeySet keys, DateTime now)
        {
            byte[] content = signed.ReadAll(MaximumContentLength);
            var cms = new SignedCms(new ContentInfo(content), detached: true);
            try
            {
                cms.Decode(der);
            }
            catch (CryptographicException ex)
            {
                throw new SignatureFormatException($"The CMS signature '{signaturePath}' is malformed or truncated: {ex.Message}", ex);
            }

            if (cms.SignerInfos.Count == 0 || cms.SignerInfos[0].Certificate == null)
            {
                throw new SignatureFormatException($"The CMS signature '{signaturePath}' has no signer, or does not carry its signer's certificate.");
            }

            SignerInfo signer = cms.SignerInfos[0];
            X509Certificate2 certificate = signer.Certificate!;
            verdict.SignerKeyId = certificate.Thumbprint.ToUpperInvariant();
            verdict.SignerFingerprint = Thumbprint.Sha256Of(certificate);
            verdict.SignerUserId = certificate.Subject;
            verdict.HashAlgorithm = Pkcs.DigestAlgorithms.TryFromOid(signer.DigestAlgorithm.Value, out HashAlgorithmName digest) ? digest.Name : signer.DigestAlgorithm.FriendlyName ?? signer.DigestAlgorithm.Value;
            verdict.SignedUtc = signer.SignedAttributes.Cast<CryptographicAttributeObject>()
                .SelectMany(a => a.Values.Cast<AsnEncodedData>()).OfType<Pkcs9SigningTime>().Select(t => (DateTime?)t.SigningTime.ToUniversalTime()).FirstOrDefault();
            if (WeakDigests.Contains(signer.DigestAlgorithm.Value))
            {
                verdict.Add(DetachedSignatureStatus.WeakAlgorithm, $"The CMS signature uses {verdict.HashAlgorithm}, which is refused as too weak for signatures.");
            }

            try
            {
                signer.CheckSignature(verifySignatureOnly: true);
            }
            catch (CryptographicException)
            {
                verdict.Add(DetachedSignatureStatus.InvalidSignature, "The CMS signature does not match the file: the file was changed after it was signed, or the signature is for another file.");
                return;
            }

            CheckTrust(verdict, cms, certificate, keys, now);
            verdict.ValidMessage = $"Signed by {certificate.Subject} ({verdict.SignerFingerprint}), trusted.";
        }

        private static void CheckTrust(SignatureVerdict verdict, SignedCms cms, X509Certificate2 certificate, TrustedKeySet keys, DateTime now)
        {
            string sha1 = verdict.SignerKeyId!;
            string sha256 = verdict.SignerFingerprint!;
            bool leafGiven = keys.Certificates.Cast<X509Certificate2>().Any(c => string.Equals(c.Thumbprint, sha1, StringComparison.OrdinalIgnoreCase));
            if (keys.IsTrusted(leafGiven, sha1, sha256))
            {
                return;
            }

            if (keys.Certificates.Count == 0)
            {
                verdict.Add(DetachedSignatureStatus.NotTrusted, $"The CMS signer {certificate.Subject} ({sha256}) is not pinned and no trusted certificate was given to chain it to.");
                return;
            }

            DateTime time = verdict.SignedUtc ?? now;
            ChainVerdict chain = ChainVerifier.ForTrust(keys.Certificates, false, false, Array.Empty<CertificateRevocationList>(), ChainVerifier.CodeSigningEku, "code signing")
                .Verify(certificate, cms.Certificates, time, time);
            foreach ((string status, string message) in chain.Problems)
            {
                verdict.Add(DetachedSignatureStatus.Severity(status) == 0 ? DetachedSignatureStatus.NotTrusted : status, message);
            }

            if (chain.Problems.Count == 0 && !keys.IsTrusted(true, chain.Elements.SelectMany(e => new[] { e.Thumbprint, Thumbprint.Sha256Of(e) }).ToArray()))
            {
                verdict.Add(DetachedSignatureStatus.NotTrusted, $"The CMS signer {certificate.Subject} chains to a given certificate, but neither it nor its chain is among the pinned fingerprints.");
            }
        }
    }
}
