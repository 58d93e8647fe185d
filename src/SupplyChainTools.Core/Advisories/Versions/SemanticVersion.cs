using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Advisories.Versions
{
    /// <summary>
    /// A Semantic Versioning 2.0.0 version (semver.org): MAJOR.MINOR.PATCH, optional pre-release identifiers
    /// after '-', build metadata after '+' (ignored by precedence). npm, crates.io and OSV's SEMVER ranges use
    /// it; a leading 'v' (Go modules) is accepted. Numbers of any size compare as numbers.
    /// Written here, not taken from Semver 3.0.0, because that library would ship Microsoft.Extensions.Primitives and
    /// more into PowerShell's process; the xunit tests check this order against Semver 3.0.0.
    /// </summary>
    internal sealed class SemanticVersion : IComparable
    {
        public static readonly VersionScheme Scheme = new VersionScheme.Delegated("SemVer 2.0.0", text => Parse(text));

        private readonly string[] _core;
        private readonly string[] _prerelease;

        private SemanticVersion(string[] core, string[] prerelease)
        {
            _core = core;
            _prerelease = prerelease;
        }

        public static SemanticVersion? Parse(string text)
        {
            if (text == null || text.Length == 0 || text.Length > VersionText.MaximumLength)
            {
                return null;
            }

            string value = text[0] == 'v' ? text.Substring(1) : text;
            int plus = value.IndexOf('+');
            if (plus >= 0)
            {
                if (!ValidIdentifiers(value.Substring(plus + 1), numericRule: false))
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
                if (!ValidIdentifiers(pre, numericRule: true))
                {
                    return null;
                }

                prerelease = pre.Split('.');
                value = value.Substring(0, dash);
            }

            string[] core = value.Split('.');
            if (core.Length != 3)
            {
                return null;
            }

            foreach (string part in core)
            {
                if (!VersionText.AllDigits(part) || (part.Length > 1 && part[0] == '0'))
                {
                    return null;
                }
            }

            return new SemanticVersion(core, prerelease);
        }

        public int CompareTo(object? obj)
        {
            if (!(obj is SemanticVersion other))
            {
                throw new ArgumentException("Not a semantic version.", nameof(obj));
            }

            for (int i = 0; i < 3; i++)
            {
                int order = VersionText.CompareNumbers(_core[i], other._core[i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return ComparePrerelease(_prerelease, other._prerelease, ignoreCase: false);
        }

        /// <summary>SemVer 2.0.0 rule 11: a release is above its pre-releases; identifiers left to right, numeric below alphanumeric.</summary>
        internal static int ComparePrerelease(IReadOnlyList<string> a, IReadOnlyList<string> b, bool ignoreCase)
        {
            if (a.Count == 0 || b.Count == 0)
            {
                return b.Count.CompareTo(a.Count);
            }

            for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
            {
                bool aNumeric = VersionText.AllDigits(a[i]);
                bool bNumeric = VersionText.AllDigits(b[i]);
                int order = aNumeric && bNumeric ? VersionText.CompareNumbers(a[i], b[i])
                    : aNumeric ? -1
                    : bNumeric ? 1
                    : Math.Sign(ignoreCase ? string.Compare(a[i], b[i], StringComparison.OrdinalIgnoreCase) : string.CompareOrdinal(a[i], b[i]));
                if (order != 0)
                {
                    return order;
                }
            }

            return a.Count.CompareTo(b.Count);
        }

        /// <summary>Dot-separated non-empty [0-9A-Za-z-] identifiers; with <paramref name="numericRule"/>, numeric ones without leading zeros.</summary>
        internal static bool ValidIdentifiers(string text, bool numericRule)
        {
            foreach (string identifier in text.Split('.'))
            {
                if (identifier.Length == 0)
                {
                    return false;
                }

                foreach (char c in identifier)
                {
                    if (!VersionText.IsDigit(c) && !VersionText.IsAsciiLetter(c) && c != '-')
                    {
                        return false;
                    }
                }

                if (numericRule && identifier.Length > 1 && identifier[0] == '0' && VersionText.AllDigits(identifier))
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString() => string.Join(".", _core) + (_prerelease.Length > 0 ? "-" + string.Join(".", _prerelease) : string.Empty);
    }
}
