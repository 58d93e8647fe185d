using System.Collections.Generic;

namespace SupplyChainTools.Core.Dependencies.NuGet
{
    /// <summary>Every NuGet rule, declared once; about_DependencyAudit documents each id.</summary>
    internal static class NuGetRules
    {
        public const string Ecosystem = "NuGet";
        private const string Pin = FindingMitigation.PinDependencies;
        private const string Source = FindingMitigation.LimitSources;

        public static readonly DependencyRule FloatingVersion = new DependencyRule(
            "NuGet/FloatingVersion", "A package version floats (*): each restore may take a newer release.", FindingSeverity.High, Pin,
            "Write the exact version in brackets, [1.2.3], or keep the float and restore in locked mode from a committed packages.lock.json.");

        public static readonly DependencyRule VersionRange = new DependencyRule(
            "NuGet/VersionRange", "A package version is a range: restore may pick any version inside it.", FindingSeverity.Medium, Pin,
            "Write the exact version in brackets, [1.2.3], or restore in locked mode from a committed packages.lock.json.");

        public static readonly DependencyRule MinimumVersion = new DependencyRule(
            "NuGet/MinimumVersion", "A bare version is a minimum (1.2.3 means [1.2.3, )): a feed without it serves a higher one.", FindingSeverity.Low, Pin,
            "Write the exact version in brackets, [1.2.3], or restore in locked mode from a committed packages.lock.json.");

        public static readonly DependencyRule InvalidVersion = new DependencyRule(
            "NuGet/InvalidVersion", "A package version is not valid in NuGet's version grammar, so restore fails or ignores it.", FindingSeverity.Medium, Pin,
            "Correct the version: an exact one is [1.2.3]; a range needs matching brackets, [1.0, 2.0).");

        public static readonly DependencyRule MissingVersion = new DependencyRule(
            "NuGet/MissingVersion", "A PackageReference has no version and no central version applies: restore takes the lowest available.", FindingSeverity.Medium, Pin,
            "Give the reference an exact Version, or manage versions centrally in Directory.Packages.props.");

        public static readonly DependencyRule LockFileMissing = new DependencyRule(
            "NuGet/LockFileMissing", "A project that references packages has no packages.lock.json: nothing records what restore resolved or its hash.", FindingSeverity.Medium, Pin,
            "Set RestorePackagesWithLockFile to true, restore once, and commit packages.lock.json.");

        public static readonly DependencyRule LockFileNotEnforced = new DependencyRule(
            "NuGet/LockFileNotEnforced", "A project has a lock file but does not restore in locked mode: restore may silently rewrite it.", FindingSeverity.Medium, Pin,
            "Set RestoreLockedMode to true (for example only in CI) or restore with --locked-mode.");

        public static readonly DependencyRule LockFileDrift = new DependencyRule(
            "NuGet/LockFileDrift", "packages.lock.json no longer matches the project: a locked restore fails, an unlocked one rewrites it.", FindingSeverity.Medium, Pin,
            "Restore with --force-evaluate and commit the updated packages.lock.json.");

        public static readonly DependencyRule SourcesNotCleared = new DependencyRule(
            "NuGet/SourcesNotCleared", "nuget.config adds sources without <clear/>: feeds from user and machine configs are used too.", FindingSeverity.Medium, Source,
            "Start packageSources with <clear/> so only the listed feeds are used.");

        public static readonly DependencyRule InsecureSource = new DependencyRule(
            "NuGet/InsecureSource", "A package source is plain http: anyone on the path can substitute packages.", FindingSeverity.High, Source,
            "Use the feed's https URL and remove allowInsecureConnections.");

        public static readonly DependencyRule TlsValidationDisabled = new DependencyRule(
            "NuGet/TlsValidationDisabled", "A package source has disableTLSCertificateValidation: any certificate is accepted.", FindingSeverity.High, Source,
            "Remove disableTLSCertificateValidation and give the feed a certificate the machine trusts.");

        public static readonly DependencyRule NoSourceMapping = new DependencyRule(
            "NuGet/NoSourceMapping", "Several package sources and no packageSourceMapping: any package id may come from any feed (dependency confusion).", FindingSeverity.High, Source,
            "Add packageSourceMapping so each id pattern comes from one feed (internal ids from the internal feed only).");

        public static readonly DependencyRule SignatureValidationNotRequired = new DependencyRule(
            "NuGet/SignatureValidationNotRequired", "signatureValidationMode is not 'require': unsigned or untrusted packages install.", FindingSeverity.Medium, Source,
            "Set signatureValidationMode to require and list the trustedSigners you accept.");

        public static readonly DependencyRule UntrustedRootAllowed = new DependencyRule(
            "NuGet/UntrustedRootAllowed", "A trusted signer has allowUntrustedRoot=\"true\": its certificate need not chain to a trusted root.", FindingSeverity.High, Source,
            "Remove allowUntrustedRoot, or install the signer's root into the machine's trust store.");

        public static readonly DependencyRule InternalPackageUnmapped = new DependencyRule(
            "NuGet/InternalPackageUnmapped", "packageSourceMapping sends internal package ids (-InternalPackagePattern) to a public feed, or to none.", FindingSeverity.High, Source,
            "Map the internal pattern (Contoso.*) to your own feed only; a more specific pattern beats '*'.");

        public static readonly DependencyRule UnapprovedSource = new DependencyRule(
            "NuGet/UnapprovedSource", "A package source is not one of the approved feeds (-AllowedSource).", FindingSeverity.Medium, Source,
            "Remove the source, or approve it with -AllowedSource.");

        public static readonly DependencyRule RestoredFromUnexpectedSource = new DependencyRule(
            "NuGet/RestoredFromUnexpectedSource", "The global packages folder records that a package came from a feed its mapping does not allow.", FindingSeverity.High, Source,
            "Delete the package from the global packages folder, fix packageSourceMapping and restore again; find out how the other feed served it.");

        public static readonly DependencyRule ContentHashMismatch = new DependencyRule(
            "NuGet/ContentHashMismatch", "A package in the global packages folder does not have the content hash packages.lock.json records.", FindingSeverity.High, Source,
            "Delete the package from the global packages folder and restore in locked mode; find out where the other content came from.");

        public static readonly DependencyRule PackageSignatureNotValid = new DependencyRule(
            "NuGet/PackageSignatureNotValid", "A package in the global packages folder has a signature that is not valid: changed, re-signed, untrusted or malformed.", FindingSeverity.High, Source,
            "Delete the package from the global packages folder and restore it again from the feed its mapping allows; run Test-PackageSignature on it for the NuGet code.");

        public static readonly DependencyRule PackageNotSigned = new DependencyRule(
            "NuGet/PackageNotSigned", "A package in the global packages folder carries no signature, so nothing proves who published it.", FindingSeverity.Low, Source,
            "Prefer signed packages (nuget.org signs every package it serves); for an internal package, sign it or suppress the finding with the reason.");

        public static IReadOnlyList<DependencyRule> Pinning { get; } = new[]
        {
            FloatingVersion, VersionRange, MinimumVersion, InvalidVersion, MissingVersion, LockFileMissing, LockFileNotEnforced, LockFileDrift,
        };

        public static IReadOnlyList<DependencyRule> Sources { get; } = new[]
        {
            SourcesNotCleared, InsecureSource, TlsValidationDisabled, NoSourceMapping, SignatureValidationNotRequired, UntrustedRootAllowed,
            InternalPackageUnmapped, UnapprovedSource, RestoredFromUnexpectedSource, ContentHashMismatch, PackageSignatureNotValid, PackageNotSigned,
        };
    }
}
