namespace SupplyChainTools
{
    /// <summary>
    /// A file whose hash is a published indicator, found by Test-KnownBadFile: the file, which of its hashes
    /// matched, and the indicator (its file, line and name). In a GitHub workflow or action file, also a `uses:`
    /// pinned to a known-bad commit: Algorithm is <see cref="GitCommit"/>, Hash the commit, with Line and Action.
    /// Flat and string-valued, so it survives remoting.
    /// </summary>
    public sealed class KnownBadFileMatch
    {
        /// <summary>The Algorithm of a known-bad pinned action: Hash is the commit it is pinned to.</summary>
        public const string GitCommit = "GitCommit";

        public KnownBadFileMatch(string path, long length, string algorithm, string hash, string indicatorSource, string? indicatorName, string? indicatorDescription)
            : this(path, length, algorithm, hash, indicatorSource, indicatorName, indicatorDescription, null, null)
        {
        }

        private KnownBadFileMatch(string path, long length, string algorithm, string hash, string indicatorSource, string? indicatorName, string? indicatorDescription, int? line, string? action)
        {
            Line = line;
            Action = action;
            Path = path;
            Length = length;
            Algorithm = algorithm;
            Hash = hash;
            IndicatorSource = indicatorSource;
            IndicatorName = indicatorName;
            IndicatorDescription = indicatorDescription;
        }

        /// <summary>Full path of the matching file.</summary>
        public string Path { get; }

        public long Length { get; }

        /// <summary>The line of the `uses:` in a workflow or action file; null for a file hash.</summary>
        public int? Line { get; }

        /// <summary>The action ("owner/repo[/path]") of a known-bad pinned action; null for a file hash.</summary>
        public string? Action { get; }

        /// <summary>MD5, SHA1 or SHA256: the hash that matched; GitCommit for a pinned action.</summary>
        public string Algorithm { get; }

        /// <summary>The matching hash, upper-case hexadecimal.</summary>
        public string Hash { get; }

        /// <summary>The indicator file and where in it ("iocs.csv:12", "bundle.json indicator--...").</summary>
        public string IndicatorSource { get; }

        /// <summary>The indicator's name (a STIX name, a CSV name column, the text after a hash in a list).</summary>
        public string? IndicatorName { get; }

        /// <summary>The indicator's description, when it has one.</summary>
        public string? IndicatorDescription { get; }

        /// <summary>A `uses: action@commit` at <paramref name="line"/> of a workflow or action file that an indicator names.</summary>
        public static KnownBadFileMatch ForAction(string path, long length, int line, string action, string commit, string indicatorSource, string? indicatorName, string? indicatorDescription) =>
            new KnownBadFileMatch(path, length, GitCommit, commit.ToLowerInvariant(), indicatorSource, indicatorName ?? action + "@" + commit.ToLowerInvariant(), indicatorDescription, line, action);

        public override string ToString() => Path + " " + Algorithm + " " + (IndicatorName ?? IndicatorSource);
    }
}
