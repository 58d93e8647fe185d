using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Packages
{
    /// <summary>
    /// One trusted signer with nuget.config trustedSigners semantics: an author (its certificate fingerprints match the
    /// author signature) or a repository (its fingerprints match the repository signature or countersignature and,
    /// when owners are listed, one of the package's owners must be among them). A bare fingerprint given on the
    /// command line is an <see cref="Any"/> signer: it matches an author or a repository certificate.
    /// </summary>
    public sealed class PackageTrustedSigner
    {
        public const string Author = "Author";
        public const string Repository = "Repository";
        public const string Any = "Any";

        public PackageTrustedSigner(string name, string kind, IEnumerable<string> fingerprints, IEnumerable<string>? owners = null, IEnumerable<string>? untrustedRootFingerprints = null)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Kind = kind;
            Fingerprints = new HashSet<string>(fingerprints, StringComparer.OrdinalIgnoreCase);
            Owners = new HashSet<string>(owners ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            UntrustedRootFingerprints = new HashSet<string>(untrustedRootFingerprints ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        }

        public string Name { get; }

        /// <summary><see cref="Author"/>, <see cref="Repository"/> or <see cref="Any"/>.</summary>
        public string Kind { get; }

        /// <summary>SHA-256 fingerprints (hex, no separators) of the certificates this signer may use.</summary>
        public ISet<string> Fingerprints { get; }

        /// <summary>For a repository: the package owners accepted; empty accepts any owner.</summary>
        public ISet<string> Owners { get; }

        /// <summary>The fingerprints whose certificates nuget.config marks allowUntrustedRoot="true".</summary>
        public ISet<string> UntrustedRootFingerprints { get; }

        public override string ToString() => Kind + " " + Name;
    }
}
