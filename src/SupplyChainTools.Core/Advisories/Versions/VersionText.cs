using System;

namespace SupplyChainTools.Core.Advisories.Versions
{
    /// <summary>Pieces the version schemes share: digit runs of any length compared as numbers.</summary>
    internal static class VersionText
    {
        /// <summary>The longest accepted version text: longer is not a version of any scheme, and is not parsed.</summary>
        public const int MaximumLength = 256;

        public static bool IsDigit(char c) => c >= '0' && c <= '9';

        public static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        public static bool AllDigits(string text)
        {
            if (text.Length == 0)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (!IsDigit(c))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Compares two runs of ASCII digits as numbers of any size (leading zeros ignored).</summary>
        public static int CompareNumbers(string a, string b)
        {
            string x = a.TrimStart('0');
            string y = b.TrimStart('0');
            if (x.Length != y.Length)
            {
                return x.Length.CompareTo(y.Length);
            }

            return Math.Sign(string.CompareOrdinal(x, y));
        }
    }
}
