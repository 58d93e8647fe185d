using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The outcome of verifying one signer, with its certificate and, on failure, the reason.</summary>
    internal sealed class SignerVerification
    {
        private SignerVerification(SignerVerificationOutcome outcome, CachedCertificate? certificate, string message)
        {
            Outcome = outcome;
            Signer = certificate;
            Message = message;
        }

        public SignerVerificationOutcome Outcome { get; }

        /// <summary>The signer's certificate (null only when <see cref="Outcome"/> is Unsupported).</summary>
        public CachedCertificate? Signer { get; }

        public X509Certificate2? Certificate => Signer?.Certificate;

        /// <summary>Why verification failed (no trailing period), or why it is unsupported.</summary>
        public string Message { get; }

        public static SignerVerification Verified(CachedCertificate certificate) => new SignerVerification(SignerVerificationOutcome.Verified, certificate, string.Empty);

        public static SignerVerification Failed(CachedCertificate certificate, string message) => new SignerVerification(SignerVerificationOutcome.Failed, certificate, message);

        public static SignerVerification Unsupported(string reason) => new SignerVerification(SignerVerificationOutcome.Unsupported, null, reason);
    }
}
