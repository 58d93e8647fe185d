namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>What <see cref="CmsSignerVerifier"/> concluded about one signer.</summary>
    internal enum SignerVerificationOutcome
    {
        /// <summary>The signer's certificate was found and the signature holds.</summary>
        Verified,

        /// <summary>The signer's certificate was found and the signature (or its signed attributes) does not hold.</summary>
        Failed,

        /// <summary>This path cannot judge the input; the caller must ask SignedCms instead.</summary>
        Unsupported,
    }
}
