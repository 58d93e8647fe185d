using System;
using System.Text.RegularExpressions;

namespace SupplyChainTools.Core.Dependencies.PowerShell
{
    /// <summary>Version and name rules shared by the PowerShell checks.</summary>
    internal static class PowerShellVersions
    {
        private static readonly Regex Exact = new Regex(@"^\[?\s*\d+(\.\d+){0,3}(-[0-9A-Za-z.-]+)?\s*\]?$", RegexOptions.CultureInvariant);

        /// <summary>
        /// True for a PSResourceGet -Version that names one version: "1.2.3" or "[1.2.3]" (NuGet range syntax); a range
        /// such as "[1.0, 2.0)", a wildcard "1.*" or a bare minimum with a comma is not exact. A variable ($v) counts
        /// as exact: the audit cannot know it, and says so nowhere else.
        /// </summary>
        public static bool IsExact(string version)
        {
            string trimmed = version.Trim().Trim('\'', '"');
            if (trimmed.StartsWith("$", StringComparison.Ordinal))
            {
                return true;
            }

            bool bracketed = trimmed.StartsWith("[", StringComparison.Ordinal) == trimmed.EndsWith("]", StringComparison.Ordinal);
            return bracketed && Exact.IsMatch(trimmed);
        }

        /// <summary>True when <paramref name="name"/> matches the internal package pattern (a trailing or inner '*' is a wildcard).</summary>
        public static bool NameMatches(string pattern, string name)
        {
            string regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$";
            return Regex.IsMatch(name, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }
}
