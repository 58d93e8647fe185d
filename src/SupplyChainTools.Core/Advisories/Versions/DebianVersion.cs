using System;

namespace SupplyChainTools.Core.Advisories.Versions
{
    /// <summary>
    /// A Debian package version as deb-version(7) defines it: [epoch:]upstream[-revision], compared part by part
    /// with dpkg's rule (non-digit runs by character, '~' below everything even the end, letters below other
    /// characters; digit runs as numbers). Ubuntu uses the same. The xunit tests use dpkg's own test table.
    /// </summary>
    internal sealed class DebianVersion : IComparable
    {
        public static readonly VersionScheme Scheme = new VersionScheme.Delegated("deb-version", text => Parse(text));

        private readonly string _epoch;
        private readonly string _upstream;
        private readonly string _revision;

        private DebianVersion(string epoch, string upstream, string revision)
        {
            _epoch = epoch;
            _upstream = upstream;
            _revision = revision;
        }

        public static DebianVersion? Parse(string text)
        {
            if (text == null || text.Length > VersionText.MaximumLength)
            {
                return null;
            }

            string value = text.Trim();
            string epoch = "0";
            int colon = value.IndexOf(':');
            if (colon >= 0)
            {
                epoch = value.Substring(0, colon);
                if (!VersionText.AllDigits(epoch) || epoch.TrimStart('0').Length > 9)
                {
                    return null;
                }

                value = value.Substring(colon + 1);
            }

            string revision = string.Empty;
            int dash = value.LastIndexOf('-');
            if (dash >= 0)
            {
                revision = value.Substring(dash + 1);
                value = value.Substring(0, dash);
            }

            if (value.Length == 0 || !VersionText.IsDigit(value[0]) || !Allowed(value, allowHyphen: true) || !Allowed(revision, allowHyphen: false))
            {
                return null;
            }

            return new DebianVersion(epoch, value, revision);
        }

        public int CompareTo(object? obj)
        {
            if (!(obj is DebianVersion other))
            {
                throw new ArgumentException("Not a Debian version.", nameof(obj));
            }

            int order = VersionText.CompareNumbers(_epoch, other._epoch);
            if (order != 0)
            {
                return order;
            }

            order = CompareFragment(_upstream, other._upstream);
            return order != 0 ? order : CompareFragment(_revision, other._revision);
        }

        /// <summary>dpkg's verrevcmp.</summary>
        internal static int CompareFragment(string a, string b)
        {
            int i = 0;
            int j = 0;
            while (i < a.Length || j < b.Length)
            {
                while ((i < a.Length && !VersionText.IsDigit(a[i])) || (j < b.Length && !VersionText.IsDigit(b[j])))
                {
                    int ac = Weight(a, i);
                    int bc = Weight(b, j);
                    if (ac != bc)
                    {
                        return Math.Sign(ac - bc);
                    }

                    i++;
                    j++;
                }

                while (i < a.Length && a[i] == '0')
                {
                    i++;
                }

                while (j < b.Length && b[j] == '0')
                {
                    j++;
                }

                int firstDifference = 0;
                while (i < a.Length && j < b.Length && VersionText.IsDigit(a[i]) && VersionText.IsDigit(b[j]))
                {
                    if (firstDifference == 0)
                    {
                        firstDifference = a[i] - b[j];
                    }

                    i++;
                    j++;
                }

                if (i < a.Length && VersionText.IsDigit(a[i]))
                {
                    return 1;
                }

                if (j < b.Length && VersionText.IsDigit(b[j]))
                {
                    return -1;
                }

                if (firstDifference != 0)
                {
                    return Math.Sign(firstDifference);
                }
            }

            return 0;
        }

        /// <summary>The end and digits weigh 0, '~' below them, letters by code, anything else above letters.</summary>
        private static int Weight(string text, int index)
        {
            if (index >= text.Length)
            {
                return 0;
            }

            char c = text[index];
            return VersionText.IsDigit(c) ? 0 : VersionText.IsAsciiLetter(c) ? c : c == '~' ? -1 : c + 256;
        }

        private static bool Allowed(string part, bool allowHyphen)
        {
            foreach (char c in part)
            {
                if (!VersionText.IsDigit(c) && !VersionText.IsAsciiLetter(c) && c != '.' && c != '+' && c != '~' && !(allowHyphen && c == '-') && c != ':')
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString() => (_epoch == "0" ? string.Empty : _epoch + ":") + _upstream + (_revision.Length > 0 ? "-" + _revision : string.Empty);
    }
}
