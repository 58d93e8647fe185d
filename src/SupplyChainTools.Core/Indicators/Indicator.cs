namespace SupplyChainTools.Core.Indicators
{
    /// <summary>One published indicator: where it was read (file and line or object id), and its name and description.</summary>
    public sealed class Indicator
    {
        private readonly string _file;
        private readonly int _line;
        private readonly string? _objectId;

        public Indicator(string file, int line, string? objectId, string? name, string? description)
        {
            _file = file;
            _line = line;
            _objectId = objectId;
            Name = string.IsNullOrWhiteSpace(name) ? null : name!.Trim();
            Description = string.IsNullOrWhiteSpace(description) ? null : description!.Trim();
        }

        /// <summary>"iocs.csv:12", "bundle.json:14 indicator--0b3c..." (made when asked: a list holds millions of indicators and few ever match).</summary>
        public string Source => _file + ":" + _line.ToString(System.Globalization.CultureInfo.InvariantCulture) + (_objectId == null ? string.Empty : " " + _objectId);

        public string? Name { get; }

        public string? Description { get; }
    }

    /// <summary>What one indicator file gave: its format, how many indicators, and how many lines held none (first one named).</summary>
    public sealed class IndicatorFileSummary
    {
        public IndicatorFileSummary(string path, string format, int fileHashes, int commits, int ignoredLines, int? firstIgnoredLine)
        {
            Path = path;
            Format = format;
            FileHashes = fileHashes;
            Commits = commits;
            IgnoredLines = ignoredLines;
            FirstIgnoredLine = firstIgnoredLine;
        }

        public string Path { get; }

        /// <summary>"hash list", "CSV" or "STIX 2.1".</summary>
        public string Format { get; }

        public int FileHashes { get; }

        public int Commits { get; }

        /// <summary>Lines (or CSV rows, or STIX objects) that held no hash the module can check.</summary>
        public int IgnoredLines { get; }

        public int? FirstIgnoredLine { get; }
    }

    /// <summary>An indicator file that cannot be read as the format it claims (a STIX bundle that is not JSON): one error naming the file and line.</summary>
    public sealed class IndicatorFileException : System.Exception
    {
        public IndicatorFileException(string path, int? line, string problem, System.Exception? inner = null)
            : base($"The indicator file '{path}'{(line == null ? string.Empty : " (line " + line + ")")} cannot be read: {problem}", inner)
        {
            Path = path;
            Line = line;
        }

        public string Path { get; }

        public int? Line { get; }
    }
}
