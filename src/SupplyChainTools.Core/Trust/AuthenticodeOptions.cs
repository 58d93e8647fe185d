using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>
    /// The one trust policy: anchors and rules for <see cref="AuthenticodeVerifier"/>, which reads them once when it is
    /// created. Kept in the Authenticode namespace, beside <see cref="TrustedRootStore"/>, that every verifier already imports.
    /// </summary>
    public sealed class AuthenticodeOptions
    {
        /// <summary>Roots that code-signing chains may end in.</summary>
        public X509Certificate2Collection CodeSigningRoots { get; set; } = new X509Certificate2Collection();

        /// <summary>Roots that time-stamping chains may end in.</summary>
        public X509Certificate2Collection TimestampRoots { get; set; } = new X509Certificate2Collection();

        /// <summary>On Windows also trust the operating system's root store; ignored elsewhere.</summary>
        public bool UseOperatingSystemTrust { get; set; }

        /// <summary>Empty: any trusted publisher. Otherwise the signer's thumbprint must be listed.</summary>
        public ICollection<string> TrustedPublisherThumbprints { get; set; } = new List<string>();

        /// <summary>Verify as of this time instead of now (forensics). An Unspecified kind is taken as UTC.</summary>
        public DateTime? VerificationTime { get; set; }

        /// <summary>CRL files (DER or PEM) for offline revocation checking.</summary>
        public IList<string> CrlPaths { get; set; } = new List<string>();

        /// <summary>Let the platform fetch revocation data from the network. Off by default.</summary>
        public bool OnlineRevocation { get; set; }

        /// <summary>SHA-1 digests are always reported in Problems; with this set they fail verification.</summary>
        public bool FailOnSha1 { get; set; }
    }
}
