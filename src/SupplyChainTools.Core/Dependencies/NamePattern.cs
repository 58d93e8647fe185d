using System;
using System.Collections.Generic;
using System.Linq;

namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>
    /// The pattern grammar of -InternalPackagePattern and NuGet's packageSourceMapping: a name, or a prefix ending in
    /// '*' ("Contoso.*", "@contoso/*", "*"); case-insensitive. And the host matching of -AllowedSource.
    /// </summary>
    internal static class NamePattern
    {
        public static bool Matches(string pattern, string name)
        {
            pattern = pattern.Trim();
            return pattern.EndsWith("*", StringComparison.Ordinal)
                ? name.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.OrdinalIgnoreCase)
                : string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
        }

        public static bool MatchesAny(IEnumerable<string> patterns, string name) => patterns.Any(pattern => Matches(pattern, name));

        /// <summary>How specific a matching pattern is (NuGet: the longest prefix wins, an exact id beats any prefix).</summary>
        public static int Specificity(string pattern) => pattern.EndsWith("*", StringComparison.Ordinal) ? pattern.Length - 1 : int.MaxValue;

        /// <summary>
        /// True when <paramref name="source"/> (a URL or path) is approved: it starts with an allowed URL (ignoring
        /// case and a trailing '/'), or its host equals an allowed host name. An empty list approves everything.
        /// </summary>
        public static bool IsAllowedSource(IReadOnlyList<string> allowed, string source)
        {
            if (allowed.Count == 0)
            {
                return true;
            }

            string? host = HostOf(source);
            foreach (string entry in allowed)
            {
                string trimmed = entry.Trim().TrimEnd('/');
                if (trimmed.Length == 0)
                {
                    continue;
                }

                if (trimmed.Contains("://"))
                {
                    if (source.TrimEnd('/').StartsWith(trimmed, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
                else if (host != null && string.Equals(host, trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The host of an absolute URL (git+ssh://git@host/... included); null for anything else.</summary>
        public static string? HostOf(string url) =>
            Uri.TryCreate(url.StartsWith("git+", StringComparison.OrdinalIgnoreCase) ? url.Substring(4) : url, UriKind.Absolute, out Uri? uri) && !uri.IsFile && !uri.IsUnc
                ? uri.Host
                : null;

        public static bool IsHttp(string url) => url.TrimStart().StartsWith("http://", StringComparison.OrdinalIgnoreCase);

        /// <summary>A full commit id: 40 (SHA-1) or 64 (SHA-256) hex digits.</summary>
        public static bool IsFullCommit(string reference) =>
            (reference.Length == 40 || reference.Length == 64) && reference.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }
}
