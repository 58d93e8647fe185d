using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>
    /// The signer checks for CMS signatures of formats that are not Authenticode (NuGet package signatures): the same
    /// signature math, chain, timestamp and revocation engine, without an SpcIndirectDataContent.
    /// </summary>
    public sealed partial class AuthenticodeVerifier
    {
        /// <summary>Verifies the primary signer of <paramref name="signedData"/> (decoded also as <paramref name="cms"/>) into <paramref name="result"/>.</summary>
        internal void VerifyCmsSigner(CmsSignedData signedData, SignedCms cms, AuthenticodeSignature result, List<SignatureProblem> problems)
        {
            string? explicitCurve = ExplicitCurveParameters.Describe(signedData.Certificates);
            if (explicitCurve != null)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.NotTrusted, explicitCurve));
                return;
            }

            try
            {
                VerifySigner(signedData, signedData.Signers[0], cms.SignerInfos[0], result, problems, countersignaturesAreTimestamps: false);
            }
            catch (CryptographicException)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.NotTrusted, PlatformRejectedCertificates));
            }
        }

        /// <summary>
        /// Verifies a countersigner (<paramref name="counterSigner"/>, the same SignerInfo as <paramref name="rawCounterSigner"/>) of
        /// the primary signer: its signature over the primary signature value, its chain and its own timestamps.
        /// </summary>
        internal void VerifyCmsCounterSigner(CmsSignedData signedData, CmsSignerInfo rawCounterSigner, SignerInfo counterSigner, AuthenticodeSignature result, List<SignatureProblem> problems)
        {
            try
            {
                X509Certificate2? certificate = counterSigner.Certificate;
                if (certificate == null)
                {
                    problems.Add(new SignatureProblem(AuthenticodeStatus.InvalidSignature, "The countersignature does not include its signer's certificate."));
                    return;
                }

                string? failure = null;
                try
                {
                    counterSigner.CheckSignature(true);
                }
                catch (CryptographicException)
                {
                    failure = SignatureValueRejected;
                }

                X509Certificate2Collection includedCertificates = _certificates.GetCollection(signedData.Certificates);
                VerifySignerCertificate(certificate, failure, rawCounterSigner, includedCertificates, result, problems, countersignaturesAreTimestamps: false);
            }
            catch (CryptographicException)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.NotTrusted, PlatformRejectedCertificates));
            }
        }

        /// <summary>Sets the status and message of a result from its problems (the most serious one decides).</summary>
        internal static void FinishResult(AuthenticodeSignature result, List<SignatureProblem> problems) => Finish(result, problems);
    }
}
