using System;
using System.Text;

namespace SupplyChainTools.Core.Advisories
{
    /// <summary>
    /// OSV ecosystem names and how each writes package names: the base ecosystem of a release-qualified name
    /// ("Debian:12" is Debian), and the normalised name two spellings of one package share (PEP 503 for PyPI,
    /// case-insensitive for NuGet).
    /// </summary>
    internal static class Ecosystems
    {
        public const string NuGet = "NuGet";
        public const string Npm = "npm";
        public const string PyPI = "PyPI";
        public const string Debian = "Debian";
        public const string Ubuntu = "Ubuntu";
        public const string Alpine = "Alpine";
        public const string Go = "Go";
        public const string CratesIo = "crates.io";
        public const string GitHubActions = "GitHub Actions";

        /// <summary>"Debian:12" → "Debian", "Alpine:v3.18" → "Alpine"; the known names in OSV's spelling, whatever the case given.</summary>
        public static string BaseName(string ecosystem)
        {
            if (ecosystem == null)
            {
                throw new ArgumentNullException(nameof(ecosystem));
            }

            int colon = ecosystem.IndexOf(':');
            string name = (colon < 0 ? ecosystem : ecosystem.Substring(0, colon)).Trim();
            foreach (string known in new[] { NuGet, Npm, PyPI, Debian, Ubuntu, Alpine, Go, CratesIo, GitHubActions })
            {
                if (string.Equals(name, known, StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }

            return name;
        }

        /// <summary>The key two spellings of one package name share in <paramref name="ecosystem"/>.</summary>
        public static string NormalizeName(string ecosystem, string name)
        {
            string trimmed = name.Trim();
            switch (BaseName(ecosystem))
            {
                case PyPI:
                    return NormalizePep503(trimmed);
                case NuGet:
                case GitHubActions:
                    return trimmed.ToLowerInvariant();
                default:
                    return trimmed;
            }
        }

        /// <summary>PEP 503: lower case, every run of '-', '_' and '.' as one '-'.</summary>
        private static string NormalizePep503(string name)
        {
            var builder = new StringBuilder(name.Length);
            bool inRun = false;
            foreach (char c in name)
            {
                if (c == '-' || c == '_' || c == '.')
                {
                    if (!inRun)
                    {
                        builder.Append('-');
                    }

                    inRun = true;
                    continue;
                }

                inRun = false;
                builder.Append(char.ToLowerInvariant(c));
            }

            return builder.ToString();
        }
    }
}
