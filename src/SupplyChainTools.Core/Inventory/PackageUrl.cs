using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// Package URLs as the purl specification writes them (github.com/package-url/purl-spec): each segment
    /// percent-encoded outside the unreserved characters, the type's own name rules (npm scope as a namespace,
    /// PyPI names normalised per PEP 503, deb and apk with their distribution as namespace and arch qualifier).
    /// </summary>
    public static class PackageUrl
    {
        private static readonly Regex PythonSeparators = new Regex("[-_.]+", RegexOptions.CultureInvariant);

        public static string NuGet(string name, string? version, string? repositoryUrl = null) =>
            Build("nuget", null, name, version, repositoryUrl == null ? null : new[] { ("repository_url", repositoryUrl) });

        /// <summary>npm: "@scope/name" becomes namespace "@scope" (encoded %40) and name; names are lower case in the registry.</summary>
        public static string Npm(string name, string? version)
        {
            string? scope = null;
            string local = name;
            int slash = name.IndexOf('/');
            if (name.StartsWith("@", System.StringComparison.Ordinal) && slash > 0)
            {
                scope = name.Substring(0, slash);
                local = name.Substring(slash + 1);
            }

            return Build("npm", scope, local, version, null);
        }

        /// <summary>PyPI: the name lower-cased with runs of '-', '_' and '.' replaced by one '-' (PEP 503).</summary>
        public static string PyPI(string name, string? version) => Build("pypi", null, NormalizePythonName(name), version, null);

        public static string NormalizePythonName(string name) => PythonSeparators.Replace(name, "-").ToLowerInvariant();

        public static string Deb(string distribution, string name, string? version, string? architecture) =>
            Build("deb", distribution, name, version, architecture == null ? null : new[] { ("arch", architecture) });

        public static string Apk(string distribution, string name, string? version, string? architecture) =>
            Build("apk", distribution, name.ToLowerInvariant(), version, architecture == null ? null : new[] { ("arch", architecture) });

        public static string Generic(string name, string? version) => Build("generic", null, name, version, null);

        private static string Build(string type, string? ns, string name, string? version, IReadOnlyList<(string Key, string Value)>? qualifiers)
        {
            var purl = new StringBuilder("pkg:").Append(type).Append('/');
            if (!string.IsNullOrEmpty(ns))
            {
                purl.Append(Encode(ns!)).Append('/');
            }

            purl.Append(Encode(name));
            if (!string.IsNullOrEmpty(version))
            {
                purl.Append('@').Append(Encode(version!));
            }

            if (qualifiers != null)
            {
                char separator = '?';
                foreach ((string key, string value) in qualifiers)
                {
                    purl.Append(separator).Append(key).Append('=').Append(Encode(value));
                    separator = '&';
                }
            }

            return purl.ToString();
        }

        /// <summary>Percent-encodes every byte of the UTF-8 text outside A-Z a-z 0-9 . - _ ~ (upper-case hex).</summary>
        public static string Encode(string segment)
        {
            var encoded = new StringBuilder(segment.Length);
            foreach (byte b in Encoding.UTF8.GetBytes(segment))
            {
                char c = (char)b;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '~')
                {
                    encoded.Append(c);
                }
                else
                {
                    encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }

            return encoded.ToString();
        }
    }
}
