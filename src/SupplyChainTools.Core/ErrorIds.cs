using System;
using SupplyChainTools.Core.Baselines;

namespace SupplyChainTools.Core
{
    /// <summary>
    /// Every error id the module reports: the stable first part of an error's FullyQualifiedErrorId, which scripts
    /// match on. Each one is explained, with what to do, in about_SupplyChainTools (a test checks both ways).
    /// Never change a value; add a new id instead.
    /// </summary>
    public static class ErrorIds
    {
        // Paths and input files.
        public const string PathNotFound = "PathNotFound";
        public const string NotFileSystemPath = "NotFileSystemPath";
        public const string InvalidPath = "InvalidPath";
        public const string DirectoryRequiresRecurse = "DirectoryRequiresRecurse";
        public const string FileNotFound = "FileNotFound";
        public const string FileAccessDenied = "FileAccessDenied";
        public const string NotARegularFile = "NotARegularFile";
        public const string InputFileTooLarge = "InputFileTooLarge";
        public const string SymbolicLinkLoop = "SymbolicLinkLoop";
        public const string FileUnreadable = "FileUnreadable";
        public const string FileProcessingFailed = "FileProcessingFailed";
        public const string FolderNotFound = "FolderNotFound";
        public const string FolderUnreadable = "FolderUnreadable";
        public const string NotAFolder = "NotAFolder";

        // Checksums.
        public const string ChecksumFileNotFound = "ChecksumFileNotFound";
        public const string ChecksumFileInvalid = "ChecksumFileInvalid";
        public const string ChecksumLineInvalid = "ChecksumLineInvalid";
        public const string ChecksumEntryRefused = "ChecksumEntryRefused";
        public const string ChecksumFileEmpty = "ChecksumFileEmpty";
        public const string BasePathNotFound = "BasePathNotFound";
        public const string InvalidExpectedHash = "InvalidExpectedHash";

        // Detached signatures and pinned keys.
        public const string SignatureFileNotFound = "SignatureFileNotFound";
        public const string TrustedKeyNotFound = "TrustedKeyNotFound";
        public const string TrustedKeyInvalid = "TrustedKeyInvalid";
        public const string TrustedKeyRequired = "TrustedKeyRequired";
        public const string ChecksumSignatureRefused = "ChecksumSignatureRefused";

        // Trust configuration and catalogs.
        public const string NoTrustedRoots = "NoTrustedRoots";
        public const string InvalidTrustedPublisher = "InvalidTrustedPublisher";
        public const string InvalidTrustedRootCertificate = "InvalidTrustedRootCertificate";
        public const string CrlNotFound = "CrlNotFound";
        public const string TrustedRootsMissing = "TrustedRootsMissing";
        public const string InvalidTrustConfiguration = "InvalidTrustConfiguration";
        public const string CatalogNotFound = "CatalogNotFound";
        public const string CatalogUnreadable = "CatalogUnreadable";
        public const string InvalidPackageTrustedSigner = "InvalidPackageTrustedSigner";

        // Baselines: reading and trusting one.
        public const string BaselineNotFound = "BaselineNotFound";
        public const string BaselineAccessDenied = "BaselineAccessDenied";
        public const string BaselineNotABaseline = "BaselineNotABaseline";
        public const string BaselineTruncated = "BaselineTruncated";
        public const string BaselineCorrupted = "BaselineCorrupted";
        public const string BaselineModified = "BaselineModified";
        public const string BaselineUnsupportedSchemaVersion = "BaselineUnsupportedSchemaVersion";
        public const string BaselineUnsigned = "BaselineUnsigned";
        public const string BaselineSignatureInvalid = "BaselineSignatureInvalid";
        public const string BaselineSignerMismatch = "BaselineSignerMismatch";
        public const string InvalidTrustedSigner = "InvalidTrustedSigner";

        // Baselines: recording, comparing, updating.
        public const string NoFolderToRecord = "NoFolderToRecord";
        public const string BaselineExists = "BaselineExists";
        public const string BaselineWriteFailed = "BaselineWriteFailed";
        public const string BaselineSigningFailed = "BaselineSigningFailed";
        public const string BaselineEntryIncomplete = "BaselineEntryIncomplete";
        public const string BaselineComparisonFailed = "BaselineComparisonFailed";
        public const string RootCountMismatch = "RootCountMismatch";
        public const string NoCommonAlgorithm = "NoCommonAlgorithm";
        public const string SigningCertificateRequired = "SigningCertificateRequired";
        public const string SigningCertificateHasNoPrivateKey = "SigningCertificateHasNoPrivateKey";
        public const string NothingToAccept = "NothingToAccept";
        public const string NotABaselineChange = "NotABaselineChange";
        public const string ChangeFromAnotherBaseline = "ChangeFromAnotherBaseline";
        public const string NotBelowBaselineRoot = "NotBelowBaselineRoot";

        // Advisories and indicators (Test-KnownVulnerability, Test-KnownBadFile).
        public const string OsvDatabaseNotFound = "OsvDatabaseNotFound";
        public const string OsvRecordInvalid = "OsvRecordInvalid";
        public const string NotASoftwareComponent = "NotASoftwareComponent";
        public const string IndicatorFileNotFound = "IndicatorFileNotFound";
        public const string IndicatorFileInvalid = "IndicatorFileInvalid";
        public const string NoIndicators = "NoIndicators";
        // Dependency audit reports.
        public const string SarifFileExists = "SarifFileExists";
        public const string SarifWriteFailed = "SarifWriteFailed";
        public const string NotADependencyFinding = "NotADependencyFinding";
        public const string SuppressionFileNotFound = "SuppressionFileNotFound";
        public const string SuppressionFileInvalid = "SuppressionFileInvalid";
        // Dependency audits.
        public const string DependencyFileInvalid = "DependencyFileInvalid";
        public const string InvalidActionPolicy = "InvalidActionPolicy";
        // Inventory and SBOMs.
        public const string InventoryEvidenceInvalid = "InventoryEvidenceInvalid";
        public const string SbomManifestNotFound = "SbomManifestNotFound";
        public const string SbomManifestInvalid = "SbomManifestInvalid";

        /// <summary>The id of a refused baseline, by what is wrong with it.</summary>
        public static string ForBaselineProblem(BaselineProblem problem) => problem switch
        {
            BaselineProblem.NotABaseline => BaselineNotABaseline,
            BaselineProblem.Truncated => BaselineTruncated,
            BaselineProblem.Corrupted => BaselineCorrupted,
            BaselineProblem.Modified => BaselineModified,
            BaselineProblem.UnsupportedSchemaVersion => BaselineUnsupportedSchemaVersion,
            BaselineProblem.Unsigned => BaselineUnsigned,
            BaselineProblem.SignatureInvalid => BaselineSignatureInvalid,
            BaselineProblem.SignerMismatch => BaselineSignerMismatch,
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "A baseline problem without an error id."),
        };
    }
}
