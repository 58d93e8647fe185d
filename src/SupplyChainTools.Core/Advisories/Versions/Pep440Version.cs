using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace SupplyChainTools.Core.Advisories.Versions
{
    /// <summary>
    /// A Python package version as PEP 440 defines it (the version specification of packaging.python.org):
    /// epoch, release, pre-release (a, b, rc and their spellings), post-release, development release and local
    /// label, in any of the spellings the specification normalises, ordered as the specification orders them.
    /// The xunit tests use the packaging project's own ordered version list.
    /// </summary>
    internal sealed class Pep440Version : IComparable
    {
        public static readonly VersionScheme Scheme = new VersionScheme.Delegated("PEP 440", text => Parse(text));

        // The specification's pattern, on text already lower-cased (ASCII only, so no culture can widen [a-z]).
        private static readonly Regex Pattern = new Regex(
            @"^v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)"
            + @"(?<pre>[-_.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pre_n>[0-9]+)?)?"
            + @"(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_.]?(?<post_l>post|rev|r)[-_.]?(?<post_n2>[0-9]+)?))?"
            + @"(?<dev>[-_.]?(?<dev_l>dev)[-_.]?(?<dev_n>[0-9]+)?)?"
            + @"(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
            TimeSpan.FromSeconds(1));

        // Pre-release ranks; "none" ranks below all when only a dev release is given, above all otherwise.
        private const int BelowAll = -1;
        private const int AboveAll = 3;

        private readonly string _epoch;
        private readonly string[] _release;
        private readonly int _preRank;
        private readonly string _preNumber;
        private readonly string? _post;
        private readonly string? _dev;
        private readonly string[]? _local;

        private Pep440Version(string epoch, string[] release, int preRank, string preNumber, string? post, string? dev, string[]? local)
        {
            _epoch = epoch;
            _release = release;
            _preRank = preRank;
            _preNumber = preNumber;
            _post = post;
            _dev = dev;
            _local = local;
        }

        public static Pep440Version? Parse(string text)
        {
            if (text == null || text.Length > VersionText.MaximumLength)
            {
                return null;
            }

            string value = LowerAscii(text.Trim());
            Match match;
            try
            {
                match = Pattern.Match(value);
            }
            catch (RegexMatchTimeoutException)
            {
                return null;
            }

            if (!match.Success)
            {
                return null;
            }

            string epoch = match.Groups["epoch"].Success ? match.Groups["epoch"].Value : "0";
            var release = new List<string>(match.Groups["release"].Value.Split('.'));
            while (release.Count > 1 && VersionText.CompareNumbers(release[release.Count - 1], "0") == 0)
            {
                release.RemoveAt(release.Count - 1); // 1.0 == 1.0.0: trailing zeros do not order
            }

            string? post = match.Groups["post"].Success
                ? (match.Groups["post_n1"].Success ? match.Groups["post_n1"].Value : match.Groups["post_n2"].Success ? match.Groups["post_n2"].Value : "0")
                : null;
            string? dev = match.Groups["dev"].Success ? (match.Groups["dev_n"].Success ? match.Groups["dev_n"].Value : "0") : null;
            int preRank;
            string preNumber = "0";
            if (match.Groups["pre"].Success)
            {
                preRank = match.Groups["pre_l"].Value switch
                {
                    "a" => 0,
                    "alpha" => 0,
                    "b" => 1,
                    "beta" => 1,
                    _ => 2, // c, rc, pre, preview
                };
                preNumber = match.Groups["pre_n"].Success ? match.Groups["pre_n"].Value : "0";
            }
            else
            {
                preRank = post == null && dev != null ? BelowAll : AboveAll;
            }

            string[]? local = match.Groups["local"].Success ? match.Groups["local"].Value.Split('-', '_', '.') : null;
            return new Pep440Version(epoch, release.ToArray(), preRank, preNumber, post, dev, local);
        }

        public int CompareTo(object? obj)
        {
            if (!(obj is Pep440Version other))
            {
                throw new ArgumentException("Not a PEP 440 version.", nameof(obj));
            }

            int order = VersionText.CompareNumbers(_epoch, other._epoch);
            if (order != 0)
            {
                return order;
            }

            for (int i = 0; i < Math.Max(_release.Length, other._release.Length); i++)
            {
                order = VersionText.CompareNumbers(i < _release.Length ? _release[i] : "0", i < other._release.Length ? other._release[i] : "0");
                if (order != 0)
                {
                    return order;
                }
            }

            order = _preRank.CompareTo(other._preRank);
            if (order == 0 && _preRank != BelowAll && _preRank != AboveAll)
            {
                order = VersionText.CompareNumbers(_preNumber, other._preNumber);
            }

            if (order != 0)
            {
                return order;
            }

            // No post-release is below every post-release; no dev release is above every dev release.
            order = CompareOptional(_post, other._post, missingIsLow: true);
            if (order != 0)
            {
                return order;
            }

            order = CompareOptional(_dev, other._dev, missingIsLow: false);
            return order != 0 ? order : CompareLocal(_local, other._local);
        }

        private static int CompareOptional(string? a, string? b, bool missingIsLow)
        {
            if (a == null || b == null)
            {
                return a == null && b == null ? 0 : (a == null) == missingIsLow ? -1 : 1;
            }

            return VersionText.CompareNumbers(a, b);
        }

        /// <summary>No local label is lowest; segments left to right, numbers above words, words in lexical order; a longer label that extends a shorter one is higher.</summary>
        private static int CompareLocal(string[]? a, string[]? b)
        {
            if (a == null || b == null)
            {
                return a == null && b == null ? 0 : a == null ? -1 : 1;
            }

            for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                bool aNumeric = VersionText.AllDigits(a[i]);
                bool bNumeric = VersionText.AllDigits(b[i]);
                int order = aNumeric && bNumeric ? VersionText.CompareNumbers(a[i], b[i])
                    : aNumeric ? 1
                    : bNumeric ? -1
                    : Math.Sign(string.CompareOrdinal(a[i], b[i]));
                if (order != 0)
                {
                    return order;
                }
            }

            return a.Length.CompareTo(b.Length);
        }

        private static string LowerAscii(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                builder.Append(c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
            }

            return builder.ToString();
        }
    }
}
