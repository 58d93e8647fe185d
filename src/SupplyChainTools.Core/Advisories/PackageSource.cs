using System;

namespace SupplyChainTools.Core.Advisories
{
    /// <summary>
    /// Whether a component's recorded source is the public registry an ecosystem's advisories are about. A
    /// package from a private feed that shares a public name is another package (dependency confusion works the
    /// other way round), so a match on name alone would be wrong either way.
    /// </summary>
    internal static class PackageSource
    {
        /// <summary>
        /// Null when <paramref name="source"/> is unknown, or is the ecosystem's public registry; otherwise a
        /// sentence saying where the component came from instead.
        /// </summary>
        public static string? DescribeOtherSource(string ecosystem, string? source)
        {
            if (string.IsNullOrWhiteSpace(source))
            {
                return null;
            }

            string[]? publicHosts = Ecosystems.BaseName(ecosystem) switch
            {
                SoftwareEcosystem.NuGet => new[] { "nuget.org", "api.nuget.org", "www.nuget.org" },
                SoftwareEcosystem.Npm => new[] { "registry.npmjs.org", "npmjs.org", "www.npmjs.com", "registry.yarnpkg.com" },
                SoftwareEcosystem.PyPI => new[] { "pypi.org", "files.pythonhosted.org", "pypi.python.org" },
                _ => null,
            };
            if (publicHosts == null)
            {
                return null;
            }

            if (Uri.TryCreate(source!.Trim(), UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                foreach (string host in publicHosts)
                {
                    if (string.Equals(uri.Host, host, StringComparison.OrdinalIgnoreCase))
                    {
                        return null;
                    }
                }
            }

            return $"the component came from '{source!.Trim()}', not from the public {Ecosystems.BaseName(ecosystem)} registry the advisory is about; check that feed's package yourself";
        }
    }
}
