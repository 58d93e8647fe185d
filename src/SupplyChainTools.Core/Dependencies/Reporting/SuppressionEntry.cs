using System;
using System.Text.RegularExpressions;

namespace SupplyChainTools.Core.Dependencies.Reporting
{
    /// <summary>
    /// One entry of a suppression file: which findings it covers (rule id, path glob, optional package; '*' and
    /// '**' wildcards), why (required), and until when (optional expiry date, after which it no longer applies).
    /// </summary>
    public sealed class SuppressionEntry
    {
        private readonly Regex _rule;
        private readonly Regex _path;
        private readonly Regex? _package;

        public SuppressionEntry(string ruleId, string path, string? package, string reason, DateTime? expires, int line)
        {
            RuleId = ruleId;
            Path = path;
            Package = package;
            Reason = reason;
            Expires = expires;
            Line = line;
            _rule = Glob(ruleId, false);
            _path = Glob(path.Replace('\\', '/'), true);
            _package = package == null ? null : Glob(package, false);
        }

        public string RuleId { get; }

        public string Path { get; }

        public string? Package { get; }

        public string Reason { get; }

        /// <summary>The last day the entry applies (UTC); null for no expiry.</summary>
        public DateTime? Expires { get; }

        /// <summary>The entry's line in the suppression file.</summary>
        public int Line { get; }

        public bool IsExpired(DateTime today) => Expires.HasValue && today.Date > Expires.Value.Date;

        /// <summary>True when the entry covers <paramref name="finding"/>, whose path relative to the suppression file's folder is <paramref name="relativePath"/>.</summary>
        public bool Matches(DependencyFinding finding, string relativePath) =>
            _rule.IsMatch(finding.RuleId)
            && _path.IsMatch(relativePath.Replace('\\', '/'))
            && (_package == null || (finding.Package != null && _package.IsMatch(finding.Package)));

        /// <summary>A glob as a regular expression: '**' any characters, '*' any but '/' (any at all when not a path), '?' one.</summary>
        private static Regex Glob(string glob, bool isPath)
        {
            string pattern = Regex.Escape(glob)
                .Replace(@"\*\*/", "(.*/)?")
                .Replace(@"\*\*", ".*")
                .Replace(@"\*", isPath ? "[^/]*" : ".*")
                .Replace(@"\?", isPath ? "[^/]" : ".");
            return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant | (isPath && System.IO.Path.DirectorySeparatorChar == '\\' ? RegexOptions.IgnoreCase : RegexOptions.None), TimeSpan.FromSeconds(1));
        }
    }
}
