using System;
using System.Management.Automation;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// The trust parameters a signature cmdlet takes, as <see cref="TrustConfiguration"/> reads them. Declared as
    /// properties by <see cref="AuthenticodeCmdlet"/> and by <see cref="FolderTrustCmdlet"/>, whose cmdlets take a
    /// folder, not files; tests/Pester/Module.Tests.ps1 fails when the two declarations drift.
    /// </summary>
    public interface ITrustParameters
    {
        object[]? TrustedRootCertificate { get; }
        SwitchParameter NoDefaultTrust { get; }
        string[]? TrustedPublisher { get; }
        DateTime? VerificationTime { get; }
        string[]? CrlPath { get; }
        SwitchParameter OnlineRevocation { get; }
        SwitchParameter RejectSha1 { get; }
    }

    /// <summary>The file cmdlets that verify signatures: files and folders as input, and the trust parameters.</summary>
    public abstract class AuthenticodeCmdlet : TreeInputCmdlet<AuthenticodeSignature>, ITrustParameters
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

        /// <summary>Verify as of this time instead of the timestamp's time or now (forensics: "was this valid on that day").</summary>
        [Parameter]
        public DateTime? VerificationTime { get; set; }

        /// <summary>CRL files (DER or PEM) for offline revocation checking.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? CrlPath { get; set; }

        /// <summary>Fetch revocation information from the network. Off by default: verification is offline and deterministic.</summary>
        [Parameter]
        public SwitchParameter OnlineRevocation { get; set; }

        /// <summary>Fail signatures that use SHA-1 (by default SHA-1 is reported in Problems but not failed).</summary>
        [Parameter]
        public SwitchParameter RejectSha1 { get; set; }
    }
}
