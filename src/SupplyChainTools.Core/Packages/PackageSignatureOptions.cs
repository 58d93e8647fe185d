using System.Collections.Generic;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Packages
{
    /// <summary>How <see cref="PackageSignatureVerifier"/> judges packages: the trust, the trusted signers and whether a repository signature is required.</summary>
    public sealed class PackageSignatureOptions
    {
        /// <summary>The roots, CRLs and verification time (the module's one trust policy type); its TrustedPublisherThumbprints are not used here.</summary>
        public AuthenticodeOptions Trust { get; set; } = new AuthenticodeOptions();

        /// <summary>nuget.config trustedSigners: when any is given, a package passes only when one of them matches it.</summary>
        public IList<PackageTrustedSigner> TrustedSigners { get; set; } = new List<PackageTrustedSigner>();

        /// <summary>Fail packages without a repository signature (primary or countersignature), as NU3038.</summary>
        public bool RequireRepositorySignature { get; set; }
    }
}
