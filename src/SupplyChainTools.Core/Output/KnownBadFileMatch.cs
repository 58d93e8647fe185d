namespace SupplyChainTools
{
    /// <summary>
    /// A file whose hash is a published indicator, found by Test-KnownBadFile: the file, which of its hashes
    /// matched, and the indicator (its file, line and name). Flat and string-valued, so it survives remoting.
    /// </summary>
    public sealed class KnownBadFileMatch
    {
        public KnownBadFileMatch(string path, long length, string algorithm, string hash, string indicatorSource, string? indicatorName, string? indicatorDescription)
        {
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

        /// <summary>MD5, SHA1 or SHA256: the hash that matched.</summary>
        public string Algorithm { get; }

        /// <summary>The matching hash, upper-case hexadecimal.</summary>
        public string Hash { get; }

        /// <summary>The indicator file and where in it ("iocs.csv:12", "bundle.json indicator--...").</summary>
        public string IndicatorSource { get; }

        /// <summary>The indicator's name (a STIX name, a CSV name column, the text after a hash in a list).</summary>
        public string? IndicatorName { get; }

        /// <summary>The indicator's description, when it has one.</summary>
        public string? IndicatorDescription { get; }

        public override string ToString() => Path + " " + Algorithm + " " + (IndicatorName ?? IndicatorSource);
    }
}
