using System;

namespace SupplyChainTools.Core.Advisories.Versions
{
    /// <summary>
    /// A NuGet package version, as NuGet's documentation on package versioning orders them: up to four numeric
    /// parts (missing ones are 0, leading zeros ignored), SemVer 2.0.0 pre-release labels compared without regard
    /// to case, metadata after '+' ignored. The xunit tests check this order against NuGet.Versioning's.
    /// </summary>
    internal sealed class NuGetVersion : IComparable
    {
        public static readonly VersionScheme Scheme = new VersionScheme.Delegated("NuGet", text => Parse(text));

        private readonly string[] _numbers;
        private readonly string[] _prerelease;

        private NuGetVersion(string[] numbers, string[] prerelease)
        {
            _numbers = numbers;
            _prerelease = prerelease;
        }

        public static NuGetVersion? Parse(string text)
        {
            if (text == null || text.Length > VersionText.MaximumLength)
            {
                return null;
            }

            string value = text.Trim();
            int plus = value.IndexOf('+');
            if (plus >= 0)
            {
                if (!SemanticVersion.ValidIdentifiers(value.Substring(plus + 1), numericRule: false))
                {
                    return null;
                }

                value = value.Substring(0, plus);
            }

            string[] prerelease = Array.Empty<string>();
            int dash = value.IndexOf('-');
            if (dash >= 0)
            {
                string pre = value.Substring(dash + 1);
                if (!SemanticVersion.ValidIdentifiers(pre, numericRule: false))
                {
                    return null;
                }

                prerelease = pre.Split('.');
                value = value.Substring(0, dash);
            }

            string[] parts = value.Split('.');
            if (parts.Length > 4)
            {
                return null;
            }

            var numbers = new string[4];
            for (int i = 0; i < 4; i++)
            {
                string part = i < parts.Length ? parts[i] : "0";
                if (!VersionText.AllDigits(part) || part.TrimStart('0').Length > 9)
                {
                    return null; // NuGet's parts are 32-bit integers
                }

                numbers[i] = part;
            }

            return new NuGetVersion(numbers, prerelease);
        }

        public int CompareTo(object? obj)
        {
            if (!(obj is NuGetVersion other))
            {
                throw new ArgumentException("Not a NuGet version.", nameof(obj));
            }

            for (int i = 0; i < 4; i++)
            {
                int order = VersionText.CompareNumbers(_numbers[i], other._numbers[i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return SemanticVersion.ComparePrerelease(_prerelease, other._prerelease, ignoreCase: true);
        }
    }
}
