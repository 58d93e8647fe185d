using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The signer half of verifying one signature: its math, publisher pin, timestamps and chain.</summary>
    public sealed partial class AuthenticodeVerifier
    {
        /// <summary>Why a signature fails when the platform's CMS check rejects it (its own message names no cause a user can act on).</summary>
        internal const string SignatureValueRejected = "its signature value does not match the signed data and the signer's public key";

        private const string PlatformRejectedCertificates = "The platform's cryptography cannot process a certificate or the public key of this signature (an unsupported or damaged key or certificate), so the signature is not trusted.";

        /// <summary>
        /// Verifies the signer of an already decoded signature. Throws CryptographicException when the platform
        /// cannot process one of its certificates or keys; the caller reports that as NotTrusted.
        /// </summary>
        private void VerifySigner(CmsSignedData signedData, CmsSignerInfo rawSigner, SignerInfo signer, AuthenticodeSignature result, List<SignatureProblem> problems, bool countersignaturesAreTimestamps = true)
        {
            X509Certificate2Collection includedCertificates = _certificates.GetCollection(signedData.Certificates);
            X509Certificate2? certificate = VerifySignatureValue(signedData, rawSigner, signer, _certificates, out string? signatureFailure);
            if (certificate == null)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.InvalidSignature, "The signature does not include its signer's certificate."));
                return;
            }

            VerifySignerCertificate(certificate, signatureFailure, rawSigner, includedCertificates, result, problems, countersignaturesAreTimestamps);
        }

        /// <summary>The checks of a signer once its certificate is known: the signature-value verdict, publisher pin, timestamps and chain.</summary>
        /// <paramref name="countersignaturesAreTimestamps"/>: Authenticode's PKCS#9 countersignatures are timestamps; a NuGet
        /// signature's countersignature is a repository signature, verified on its own.
        private void VerifySignerCertificate(X509Certificate2 certificate, string? signatureFailure, CmsSignerInfo rawSigner, X509Certificate2Collection includedCertificates, AuthenticodeSignature result, List<SignatureProblem> problems, bool countersignaturesAreTimestamps)
        {
            result.SignerCertificate = certificate;
            result.SignerSubject = certificate.Subject;
            result.SignerThumbprint = certificate.Thumbprint;
            result.SignerNotAfter = certificate.NotAfter.ToUniversalTime();
            result.IssuerSubject = certificate.Issuer;

            if (signatureFailure != null)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.InvalidSignature, "The signature by '" + certificate.Subject + "' does not verify: " + signatureFailure.TrimEnd('.', ' ', '\r', '\n') + "."));
            }

            if (_trustedPublishers.Count > 0 && !_trustedPublishers.Contains(certificate.Thumbprint) && !_trustedPublishers.Contains(Thumbprint.Sha256Of(certificate)))
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.PublisherNotAllowed, "The signer '" + certificate.Subject + "' (" + certificate.Thumbprint + ") is not one of the trusted publishers."));
            }

            TimestampResult? timestamp = VerifyTimestamps(rawSigner, includedCertificates, problems, countersignaturesAreTimestamps);
            if (timestamp != null)
            {
                result.TimestampType = timestamp.Type;
                result.TimestampUtc = timestamp.Time;
                result.TimestampSigner = timestamp.SignerSubject;
            }

            DateTime now = _verificationTime ?? DateTime.UtcNow;
            bool lifetimeSigning = HasExtendedKeyUsage(certificate, LifetimeSigningEku);
            bool timestampFromTheFuture = timestamp != null && timestamp.IsValid && timestamp.Time!.Value > now;
            if (timestampFromTheFuture)
            {
                // As of the verification time this signature did not exist yet; judge it without the timestamp.
                problems.Add(new SignatureProblem(null, "The timestamp " + timestamp!.Time!.Value.ToString("u") + " is later than the verification time " + now.ToString("u") + ", so it is not used."));
            }

            bool rescuedByTimestamp = timestamp != null && timestamp.IsValid && !lifetimeSigning && !timestampFromTheFuture;
            DateTime signingTime = rescuedByTimestamp ? timestamp!.Time!.Value : now;
            if (timestamp != null && timestamp.IsValid && lifetimeSigning)
            {
                problems.Add(new SignatureProblem(null, "The signer certificate is for lifetime signing, so its validity is checked at the verification time, not at the timestamp."));
            }

            ChainVerdict verdict = _codeSigningChains.Verify(certificate, includedCertificates, signingTime, signingTime);
            result.Chain = verdict.Elements.Select(element => element.Subject).ToArray();
            result.RootSubject = verdict.RootSubject;
            result.RootThumbprint = verdict.RootThumbprint;
            foreach ((string status, string message) in verdict.Problems)
            {
                problems.Add(new SignatureProblem(status, message));
            }
        }

        /// <summary>
        /// The signer's certificate (null when the signature does not include it) and, in <paramref name="failure"/>, why
        /// its signature value does not verify. The cached certificates and public keys decide; SignedCms is the
        /// fallback for what that path cannot judge (DSA and other algorithms, signers not found by raw comparison,
        /// certificate sets with undecodable entries).
        /// </summary>
        internal static X509Certificate2? VerifySignatureValue(CmsSignedData signedData, CmsSignerInfo rawSigner, SignerInfo signer, CertificateCache certificates, out string? failure)
        {
            failure = null;
            SignerVerification verification = CmsSignerVerifier.Verify(signedData, rawSigner, certificates);
            if (verification.Outcome != SignerVerificationOutcome.Unsupported)
            {
                failure = verification.Outcome == SignerVerificationOutcome.Failed ? verification.Message : null;
                return verification.Certificate;
            }

            X509Certificate2? certificate = signer.Certificate;
            if (certificate != null)
            {
                try
                {
                    signer.CheckSignature(true);
                }
                catch (CryptographicException)
                {
                    failure = SignatureValueRejected;
                }
            }

            return certificate;
        }

        private TimestampResult? VerifyTimestamps(CmsSignerInfo signer, X509Certificate2Collection certificates, List<SignatureProblem> problems, bool countersignaturesAreTimestamps)
        {
            TimestampResult? chosen = null;
            foreach (CmsAttribute attribute in signer.UnsignedAttributes)
            {
                bool isRfc3161 = attribute.Oid == PkcsOids.Rfc3161TimestampAttribute || attribute.Oid == PkcsOids.SignatureTimeStampTokenAttribute;
                if (!isRfc3161 && (attribute.Oid != PkcsOids.CountersignatureAttribute || !countersignaturesAreTimestamps))
                {
                    continue;
                }

                foreach (ReadOnlyMemory<byte> value in attribute.Values)
                {
                    TimestampResult timestamp = isRfc3161
                        ? _timestamps.VerifyRfc3161(value, signer.Signature)
                        : _timestamps.VerifyCountersignature(value, signer.Signature, certificates);
                    foreach (SignatureProblem problem in timestamp.Problems)
                    {
                        problems.Add(new SignatureProblem(problem.Status, "Timestamp: " + problem.Message));
                    }

                    if (chosen == null || (!chosen.IsValid && timestamp.IsValid))
                    {
                        chosen = timestamp;
                    }
                }
            }

            return chosen;
        }

        private static bool HasExtendedKeyUsage(X509Certificate2 certificate, string oid)
        {
            foreach (X509Extension extension in certificate.Extensions)
            {
                if (extension is X509EnhancedKeyUsageExtension usage)
                {
                    foreach (Oid value in usage.EnhancedKeyUsages)
                    {
                        if (value.Value == oid)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
