using System;
using System.Management.Automation;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// The cmdlets that check a folder against a signed catalog (Test-CatalogIntegrity, Test-SbomManifest): the trust
    /// parameters of <see cref="AuthenticodeCmdlet"/>, declared again because that base takes files to walk and these
    /// take a folder. tests/Pester/Module.Tests.ps1 fails when the two declarations drift.
    /// </summary>
    public abstract class FolderTrustCmdlet : SupplyChainCmdlet, ITrustParameters
    {
        /// <summary>Extra trusted roots: paths to PEM bundles or DER files, or X509Certificate2 objects. Trusted for code signing and time stamping.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? TrustedRootCertificate { get; set; }

        /// <summary>Trust only -TrustedRootCertificate: not the shipped Microsoft roots, not the OS store.</summary>
        [Parameter]
        public SwitchParameter NoDefaultTrust { get; set; }

        /// <summary>Signer certificate thumbprints (SHA-1 or SHA-256) that are allowed; any other signer is PublisherNotAllowed.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? TrustedPublisher { get; set; }

        /// <summary>Verify as of this time instead of the timestamp's time or now.</summary>
        [Parameter]
        public DateTime? VerificationTime { get; set; }

        /// <summary>CRL files (DER or PEM) for offline revocation checking.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? CrlPath { get; set; }

        /// <summary>Fetch revocation information from the network. Off by default: verification is offline and deterministic.</summary>
        [Parameter]
        public SwitchParameter OnlineRevocation { get; set; }

        /// <summary>Fail signatures that use SHA-1.</summary>
        [Parameter]
        public SwitchParameter RejectSha1 { get; set; }
    }
}
