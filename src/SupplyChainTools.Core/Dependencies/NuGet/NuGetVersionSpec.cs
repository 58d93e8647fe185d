using System;
using NuGet.Versioning;

namespace SupplyChainTools.Core.Dependencies.NuGet
{
    /// <summary>What a version string in a project or Directory.Packages.props pins, in NuGet's own range grammar (NuGet.Versioning).</summary>
    internal static class NuGetVersionSpec
    {
        /// <summary>The rule a version breaks and why, or null when it is exact ([1.2.3]) or cannot be evaluated (an MSBuild property left unresolved).</summary>
        public static (DependencyRule Rule, string Reason)? Classify(string version)
        {
            string value = version.Trim();
            if (value.Contains("$("))
            {
                return null;
            }

            if (!global::NuGet.Versioning.VersionRange.TryParse(value, allowFloating: true, out VersionRange? range) || range == null)
            {
                return (NuGetRules.InvalidVersion, $"'{value}' is not a valid NuGet version or range");
            }

            if (range.IsFloating)
            {
                return (NuGetRules.FloatingVersion, $"'{value}' floats: restore takes the newest version matching it");
            }

            if (IsExact(range))
            {
                return null;
            }

            if (!value.StartsWith("[", StringComparison.Ordinal) && !value.StartsWith("(", StringComparison.Ordinal))
            {
                return (NuGetRules.MinimumVersion, $"'{value}' is a minimum ({range.ToNormalizedString()}), not an exact version");
            }

            return (NuGetRules.VersionRange, $"'{value}' is a range ({range.ToNormalizedString()})");
        }

        /// <summary>True when two version strings (a project's, a lock file's "requested") mean the same range.</summary>
        public static bool SameRange(string declared, string requested) =>
            global::NuGet.Versioning.VersionRange.TryParse(declared.Trim(), allowFloating: true, out VersionRange? a) && a != null
            && global::NuGet.Versioning.VersionRange.TryParse(requested.Trim(), allowFloating: true, out VersionRange? b) && b != null
            && a.Equals(b);

        private static bool IsExact(VersionRange range) =>
            range.HasLowerAndUpperBounds && range.IsMinInclusive && range.IsMaxInclusive && range.MinVersion == range.MaxVersion;
    }
}
