using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Indicators
{
    /// <summary>
    /// Published indicators, indexed for lookups: file hashes by algorithm (MD5, SHA1, SHA256, and SHA384/SHA512
    /// where a STIX or CSV source labels them) and known-bad commits of pinned GitHub Actions. Read from indicator
    /// files by <see cref="IndicatorFileReader"/>; one set is shared read-only by every worker of a sweep.
    /// </summary>
    public sealed class IndicatorSet
    {
        /// <summary>The most indicators one set holds (all files together).</summary>
        public const int MaximumIndicators = 20_000_000;

        private static readonly Regex ActionReference = new Regex(
            "^(?<repo>[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+)(?:/[^@\\s]*)?@(?<sha>[0-9A-Fa-f]{40})$", RegexOptions.CultureInvariant);

        private readonly Dictionary<string, Dictionary<string, Indicator>> _hashes = new Dictionary<string, Dictionary<string, Indicator>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<KeyValuePair<string?, Indicator>>> _commits = new Dictionary<string, List<KeyValuePair<string?, Indicator>>>(StringComparer.Ordinal);
        private int _count;

        /// <summary>The algorithms at least one file-hash indicator uses, in the order files are best hashed (each from the same read).</summary>
        public IReadOnlyList<string> Algorithms => SupportedHashAlgorithms.All.Where(a => _hashes.ContainsKey(a)).ToArray();

        /// <summary>How many file-hash indicators the set holds.</summary>
        public int FileHashCount => _hashes.Values.Sum(h => h.Count);

        /// <summary>How many known-bad action commits the set holds.</summary>
        public int CommitCount => _commits.Values.Sum(c => c.Count);

        /// <summary>Reads every file into one set; each file that cannot be read goes to <paramref name="onProblem"/> and the rest are still read.</summary>
        public static IndicatorSet Read(IEnumerable<string> paths, Action<Exception, string> onProblem, Action<IndicatorFileSummary>? onFile, CancellationToken cancellationToken)
        {
            var set = new IndicatorSet();
            foreach (string path in paths)
            {
                try
                {
                    IndicatorFileSummary summary = IndicatorFileReader.Read(path, set, cancellationToken);
                    onFile?.Invoke(summary);
                }
                catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is IndicatorFileException)
                {
                    onProblem(ex, path);
                }
            }

            return set;
        }

        /// <summary>The indicator for this file hash (any case of hex), or null.</summary>
        public Indicator? FindFileHash(string algorithm, string hash)
        {
            string? canonical = SupportedHashAlgorithms.Normalize(algorithm);
            return canonical != null && _hashes.TryGetValue(canonical, out Dictionary<string, Indicator>? byHash) && byHash.TryGetValue(hash, out Indicator? found) ? found : null;
        }

        /// <summary>
        /// Is this pinned action known bad? <paramref name="repository"/> is "owner/name" (a path inside it, as in
        /// "owner/name/sub@sha", may follow), <paramref name="commitSha"/> the full 40-hex commit it is pinned to.
        /// An indicator that names a repository matches that repository only (case-insensitive, as GitHub's names);
        /// a bare commit SHA from a hash list matches any repository. Null when neither says it is bad.
        /// </summary>
        public Indicator? FindKnownBadAction(string repository, string commitSha)
        {
            if (repository == null || commitSha == null || commitSha.Length != 40 || !HexConverter.IsHex(commitSha))
            {
                return null;
            }

            if (!_commits.TryGetValue(commitSha.ToLowerInvariant(), out List<KeyValuePair<string?, Indicator>>? entries))
            {
                return null;
            }

            string repo = RepositoryOf(repository);
            foreach (KeyValuePair<string?, Indicator> entry in entries)
            {
                if (entry.Key == null || string.Equals(entry.Key, repo, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value;
                }
            }

            return null;
        }

        /// <summary>The same question for a `uses:` value ("tj-actions/changed-files@0e58ed86..."); null unless it is pinned by commit and known bad.</summary>
        public Indicator? FindKnownBadAction(string usesReference)
        {
            Match match = ActionReference.Match(usesReference?.Trim() ?? string.Empty);
            return match.Success ? FindKnownBadAction(match.Groups["repo"].Value, match.Groups["sha"].Value) : null;
        }

        internal static bool TryParseActionReference(string text, out string repository, out string sha)
        {
            Match match = text.IndexOf('@') > 0 ? ActionReference.Match(text) : Match.Empty;
            repository = match.Success ? match.Groups["repo"].Value : string.Empty;
            sha = match.Success ? match.Groups["sha"].Value : string.Empty;
            return match.Success;
        }

        internal void AddFileHash(string algorithm, string hash, Indicator indicator)
        {
            if (!_hashes.TryGetValue(algorithm, out Dictionary<string, Indicator>? byHash))
            {
                byHash = new Dictionary<string, Indicator>(StringComparer.OrdinalIgnoreCase); // hex in either case, without a copy per hash
                _hashes.Add(algorithm, byHash);
            }

            if (!byHash.ContainsKey(hash))
            {
                Count();
                byHash.Add(hash, indicator);
            }
        }

        /// <param name="repository">"owner/name", or null for a bare commit SHA.</param>
        internal void AddCommit(string? repository, string sha, Indicator indicator)
        {
            string key = sha.ToLowerInvariant();
            if (!_commits.TryGetValue(key, out List<KeyValuePair<string?, Indicator>>? entries))
            {
                entries = new List<KeyValuePair<string?, Indicator>>(1);
                _commits.Add(key, entries);
            }

            Count();
            entries.Add(new KeyValuePair<string?, Indicator>(repository == null ? null : RepositoryOf(repository), indicator));
        }

        private void Count()
        {
            if (++_count > MaximumIndicators)
            {
                throw new IndicatorFileException("(all indicator files)", null, $"together they hold more than {MaximumIndicators:N0} indicators");
            }
        }

        private static string RepositoryOf(string reference)
        {
            string[] parts = reference.Trim().Split('/');
            return parts.Length >= 2 ? parts[0] + "/" + parts[1] : reference.Trim();
        }
    }
}
