using System;
using System.Text;

namespace SupplyChainTools.Core.Advisories
{
    /// <summary>
    /// How each OSV ecosystem (SoftwareEcosystem) writes package names: the base ecosystem of a release-qualified name
    /// ("Debian:12" is Debian), and the normalised name two spellings of one package share (PEP 503 for PyPI,
    /// case-insensitive for NuGet).
    /// </summary>
    internal static class Ecosystems
    {
        /// <summary>"Debian:12" → "Debian", "Alpine:v3.18" → "Alpine"; the known names in OSV's spelling, whatever the case given.</summary>
        public static string BaseName(string ecosystem)
        {
            if (ecosystem == null)
            {
                throw new ArgumentNullException(nameof(ecosystem));
            }

            int colon = ecosystem.IndexOf(':');
            string name = (colon < 0 ? ecosystem : ecosystem.Substring(0, colon)).Trim();
            foreach (string known in new[] { SoftwareEcosystem.NuGet, SoftwareEcosystem.Npm, SoftwareEcosystem.PyPI, SoftwareEcosystem.Debian, SoftwareEcosystem.Ubuntu, SoftwareEcosystem.Alpine, SoftwareEcosystem.Go, SoftwareEcosystem.CratesIo, SoftwareEcosystem.GitHubActions })
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
                case SoftwareEcosystem.PyPI:
                    return NormalizePep503(trimmed);
                case SoftwareEcosystem.NuGet:
                case SoftwareEcosystem.GitHubActions:
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
