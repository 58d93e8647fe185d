using System;
using System.Linq;
using NuGet.Versioning;

namespace SupplyChainTools.Core.Dependencies.Npm
{
    /// <summary>
    /// What a package.json dependency value pins, in npm's grammar (package-spec): an exact version, a range, a
    /// dist-tag, a git reference, a URL, a local path or an npm: alias. Exact versions are recognised with the
    /// SemVer 2.0 parser of NuGet.Versioning; everything else only needs to be told apart, not evaluated.
    /// </summary>
    internal static class NpmSpec
    {
        private static readonly string[] LocalPrefixes = { "file:", "link:", "workspace:", "portal:", "./", "../", "/", "~/" };
        private static readonly string[] GitPrefixes = { "git+", "git:", "github:", "gitlab:", "bitbucket:", "gist:" };

        /// <summary>The rule the value breaks and why; null when it is pinned (exact version, full commit) or local.</summary>
        public static (DependencyRule Rule, string Reason)? Classify(string value)
        {
            string spec = value.Trim();
            if (spec.StartsWith("npm:", StringComparison.OrdinalIgnoreCase))
            {
                string alias = spec.Substring(4);
                int at = alias.LastIndexOf('@');
                return at > 0 ? Classify(alias.Substring(at + 1)) : (NpmRules.DistTag, $"alias '{spec}' names no version, so 'latest' is installed");
            }

            if (LocalPrefixes.Any(p => spec.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

            if (IsGit(spec))
            {
                int hash = spec.IndexOf('#');
                string reference = hash >= 0 ? spec.Substring(hash + 1) : string.Empty;
                return NamePattern.IsFullCommit(reference)
                    ? null
                    : (NpmRules.GitReference, reference.Length == 0 ? $"git dependency '{spec}' names no commit (the default branch is installed)" : $"git dependency '{spec}' names '{reference}', not a full commit id");
            }

            if (spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                return (NpmRules.RemoteUrl, $"'{spec}' is a tarball URL");
            }

            if (IsExactVersion(spec))
            {
                return null;
            }

            if (IsTag(spec))
            {
                return (NpmRules.DistTag, $"'{spec}' is a dist-tag");
            }

            return (NpmRules.VersionRange, spec.Length == 0 || spec == "*" || spec == "x" ? "any version is accepted" : $"'{spec}' is a range");
        }

        /// <summary>A single version, as npm accepts it: SemVer 2.0 with an optional leading 'v' or '='.</summary>
        public static bool IsExactVersion(string spec)
        {
            string version = spec.TrimStart('=', 'v', ' ');
            return version.Length > 0 && SemanticVersion.TryParse(version, out _);
        }

        private static bool IsGit(string spec)
        {
            if (GitPrefixes.Any(p => spec.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            // GitHub shorthand: owner/repo[#ref] (not a scope, a path or a URL).
            int slash = spec.IndexOf('/');
            return slash > 0 && !spec.StartsWith("@", StringComparison.Ordinal) && !spec.Contains(":") && !spec.Contains(" ")
                && spec.Substring(0, slash).All(c => char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
        }

        /// <summary>A dist-tag: a name that is not a version or a range (npm forbids tags that parse as ranges).</summary>
        private static bool IsTag(string spec)
        {
            if (spec.Length == 0 || !char.IsLetter(spec[0]) || spec == "x" || spec == "X")
            {
                return false;
            }

            bool partialVersion = (spec[0] == 'v' || spec[0] == 'V') && spec.Length > 1 && char.IsDigit(spec[1]);
            return !partialVersion && spec.All(c => char.IsLetterOrDigit(c) || c == '-' || c == '.' || c == '_');
        }
    }
}
