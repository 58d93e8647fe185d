using System;

namespace SupplyChainTools.Core.Advisories.Versions
{
    /// <summary>
    /// How one ecosystem writes and orders versions. <see cref="Parse"/> gives null for text the scheme cannot
    /// read, so a caller can report it as unparseable instead of guessing an order.
    /// </summary>
    internal abstract class VersionScheme
    {
        /// <summary>The scheme's name, as results cite it ("PEP 440", "deb-version").</summary>
        public abstract string Name { get; }

        /// <summary>The parsed version, comparable with others of this scheme; null when the text is not a version of this scheme.</summary>
        public abstract IComparable? Parse(string text);

        /// <summary>The scheme for an OSV ecosystem ("PyPI", "Debian:12", "npm"); null where the module knows no order for it.</summary>
        public static VersionScheme? ForEcosystem(string ecosystem) => Ecosystems.BaseName(ecosystem) switch
        {
            SoftwareEcosystem.NuGet => NuGetVersionOrder.Scheme,
            SoftwareEcosystem.Npm => SemanticVersion.Scheme,
            SoftwareEcosystem.CratesIo => SemanticVersion.Scheme,
            SoftwareEcosystem.Go => SemanticVersion.Scheme,
            SoftwareEcosystem.GitHubActions => SemanticVersion.Scheme, // release tags ("v45.0.7"); a moving major tag ("v4") is not a version
            SoftwareEcosystem.PyPI => Pep440Version.Scheme,
            SoftwareEcosystem.Debian => DebianVersion.Scheme,
            SoftwareEcosystem.Alpine => AlpineVersion.Scheme,
            SoftwareEcosystem.Ubuntu => DebianVersion.Scheme,
            _ => null,
        };

        /// <summary>A scheme given by a pair of functions (the schemes below have no state).</summary>
        internal sealed class Delegated : VersionScheme
        {
            private readonly string _name;
            private readonly Func<string, IComparable?> _parse;

            public Delegated(string name, Func<string, IComparable?> parse)
            {
                _name = name;
                _parse = parse;
            }

            public override string Name => _name;

            public override IComparable? Parse(string text) => text == null ? null : _parse(text);
        }
    }
}
