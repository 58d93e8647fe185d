using System;

namespace SupplyChainTools
{
    /// <summary>
    /// One installed or declared component found by Get-SoftwareInventory: what it is (ecosystem, name, version,
    /// purl), the evidence that says so, and where it is. Flat and string-valued, so it survives remoting.
    /// </summary>
    public sealed class SoftwareComponent
    {
        public SoftwareComponent(
            string ecosystem, string name, string? version, string? purl, string evidence, string evidenceKind,
            bool weakEvidence, string? source, string location,
            DateTime? recordedUtc = null, string? hashAlgorithm = null, string? hash = null, string? license = null,
            string? signatureStatus = null, string? publisher = null, string? signedFile = null)
        {
            Ecosystem = ecosystem;
            Name = name;
            Version = version;
            Purl = purl;
            Evidence = evidence;
            EvidenceKind = evidenceKind;
            WeakEvidence = weakEvidence;
            Source = source;
            Location = location;
            RecordedUtc = recordedUtc;
            HashAlgorithm = hashAlgorithm;
            Hash = hash;
            License = license;
            SignatureStatus = signatureStatus;
            Publisher = publisher;
            SignedFile = signedFile;
        }

        /// <summary>The ecosystem as OSV names it: NuGet, npm, PyPI, PowerShell, Debian, Alpine, Generic.</summary>
        public string Ecosystem { get; }

        /// <summary>The package name as its ecosystem writes it.</summary>
        public string Name { get; }

        /// <summary>The package version as recorded by the evidence; null when the evidence records none.</summary>
        public string? Version { get; }

        /// <summary>The package URL (purl), when the ecosystem has a purl type.</summary>
        public string? Purl { get; }

        /// <summary>Full path of the file that produced this record.</summary>
        public string Evidence { get; }

        /// <summary>The kind of evidence: deps.json, .nupkg.metadata, packages.lock.json, package-lock.json, package.json, dist-info, PSGetModuleInfo.xml, module manifest, dpkg status, apk installed, PE version resource.</summary>
        public string EvidenceKind { get; }

        /// <summary>True when the evidence only suggests the version (a PE version resource), not a package manager's record.</summary>
        public bool WeakEvidence { get; }

        /// <summary>Where the component came from (a feed, registry or repository URL), when the evidence records it.</summary>
        public string? Source { get; }

        /// <summary>The folder or file the component is installed at.</summary>
        public string Location { get; }

        /// <summary>
        /// When the package manager recorded the component (PSGetModuleInfo's InstalledDate, otherwise the last write
        /// time of the evidence file), in UTC; null when unknown.
        /// </summary>
        public DateTime? RecordedUtc { get; }

        /// <summary>The algorithm of <see cref="Hash"/> (SHA512, SHA256, SHA1), as SupportedHashAlgorithms names it.</summary>
        public string? HashAlgorithm { get; }

        /// <summary>The package's digest as its package manager recorded it (the .nupkg content hash, npm integrity), upper-case hex.</summary>
        public string? Hash { get; }

        /// <summary>The license the evidence declares (an SPDX expression where the ecosystem records one).</summary>
        public string? License { get; }

        /// <summary>With -Signature: the Authenticode verdict of <see cref="SignedFile"/> (an AuthenticodeStatus value).</summary>
        public string? SignatureStatus { get; }

        /// <summary>With -Signature: the signer's subject of <see cref="SignedFile"/>, when signed.</summary>
        public string? Publisher { get; }

        /// <summary>With -Signature: the component's main file whose signature was checked.</summary>
        public string? SignedFile { get; }

        /// <summary>The same component with a signature verdict.</summary>
        public SoftwareComponent WithSignature(string signedFile, string signatureStatus, string? publisher) => new SoftwareComponent(
            Ecosystem, Name, Version, Purl, Evidence, EvidenceKind, WeakEvidence, Source, Location,
            RecordedUtc, HashAlgorithm, Hash, License, signatureStatus, publisher, signedFile);

        public override string ToString() => Ecosystem + " " + Name + (Version == null ? string.Empty : " " + Version);
    }
}
