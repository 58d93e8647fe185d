namespace SupplyChainTools.Core.Pkcs
{
    /// <summary>The object identifiers of CMS, its attributes and Authenticode, each spelled once.</summary>
    internal static class PkcsOids
    {
        public const string Data = "1.2.840.113549.1.7.1";
        public const string SignedData = "1.2.840.113549.1.7.2";

        public const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
        public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
        public const string SigningTimeAttribute = "1.2.840.113549.1.9.5";
        public const string CountersignatureAttribute = "1.2.840.113549.1.9.6";
        public const string SigningCertificateAttribute = "1.2.840.113549.1.9.16.2.12";
        public const string SigningCertificateV2Attribute = "1.2.840.113549.1.9.16.2.47";

        /// <summary>id-aa-signatureTimeStampToken (RFC 3161 appendix A): the standard place of a signer's RFC 3161 timestamp (NuGet signatures).</summary>
        public const string SignatureTimeStampTokenAttribute = "1.2.840.113549.1.9.16.2.14";

        /// <summary>id-aa-ets-commitmentType (RFC 5126) and its two values NuGet uses: author (proof of origin) and repository (proof of receipt).</summary>
        public const string CommitmentTypeIndicationAttribute = "1.2.840.113549.1.9.16.2.16";
        public const string ProofOfOrigin = "1.2.840.113549.1.9.16.6.1";
        public const string ProofOfReceipt = "1.2.840.113549.1.9.16.6.2";

        /// <summary>The NuGet repository signature attributes: nuget-v3-service-index-url and nuget-package-owners.</summary>
        public const string NuGetV3ServiceIndexUrl = "1.3.6.1.4.1.311.84.2.1.1.1";
        public const string NuGetPackageOwners = "1.3.6.1.4.1.311.84.2.1.1.2";

        /// <summary>TSTInfo, the content of an RFC 3161 time-stamp token.</summary>
        public const string TimestampTokenInfo = "1.2.840.113549.1.9.16.1.4";

        public const string SpcIndirectDataContent = "1.3.6.1.4.1.311.2.1.4";
        public const string SpcPeImageData = "1.3.6.1.4.1.311.2.1.15";
        public const string SpcSipInfo = "1.3.6.1.4.1.311.2.1.30";
        public const string PageHashesV1 = "1.3.6.1.4.1.311.2.3.1";
        public const string PageHashesV2 = "1.3.6.1.4.1.311.2.3.2";
        public const string NestedSignatureAttribute = "1.3.6.1.4.1.311.2.4.1";
        public const string Rfc3161TimestampAttribute = "1.3.6.1.4.1.311.3.3.1";

        /// <summary>szOID_CTL, the content type of a catalog's SignedData.</summary>
        public const string CertificateTrustList = "1.3.6.1.4.1.311.10.1";
    }
}
