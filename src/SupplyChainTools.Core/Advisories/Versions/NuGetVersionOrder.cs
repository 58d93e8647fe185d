using System;

namespace SupplyChainTools.Core.Advisories.Versions
{
    /// <summary>
    /// NuGet's version order for advisories, by the library that defines it: NuGet.Versioning's
    /// <see cref="global::NuGet.Versioning.NuGetVersion"/> compared with <see cref="global::NuGet.Versioning.VersionComparer.Default"/>
    /// (four numeric parts, pre-release labels without regard to case, metadata ignored). Text is bounded first.
    /// </summary>
    internal static class NuGetVersionOrder
    {
        public static readonly VersionScheme Scheme = new VersionScheme.Delegated("NuGet", text => Parse(text));

        /// <summary>The version, comparable with others parsed here (NuGet.Versioning's default order); null when it is not a NuGet version.</summary>
        public static IComparable? Parse(string text)
        {
            if (text == null || text.Length > VersionText.MaximumLength)
            {
                return null;
            }

            return global::NuGet.Versioning.NuGetVersion.TryParse(text.Trim(), out global::NuGet.Versioning.NuGetVersion? version) ? new Comparable(version!) : null;
        }

        /// <summary>A parsed version whose order is <see cref="global::NuGet.Versioning.VersionComparer.Default"/>.</summary>
        private sealed class Comparable : IComparable
        {
            private readonly global::NuGet.Versioning.NuGetVersion _version;

            public Comparable(global::NuGet.Versioning.NuGetVersion version) => _version = version;

            public int CompareTo(object? obj)
            {
                if (!(obj is Comparable other))
                {
                    throw new ArgumentException("Not a NuGet version.", nameof(obj));
                }

                return global::NuGet.Versioning.VersionComparer.Default.Compare(_version, other._version);
            }

            public override string ToString() => _version.ToNormalizedString();
        }
    }
}
