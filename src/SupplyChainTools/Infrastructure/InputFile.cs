namespace SupplyChainTools.Infrastructure
{
    /// <summary>A file to process, and whether a folder walk found it (rather than the user naming it).</summary>
    public readonly struct InputFile
    {
        public InputFile(string path, bool fromWalk)
        {
            Path = path;
            FromWalk = fromWalk;
        }

        public string Path { get; }

        public bool FromWalk { get; }

        public override string ToString() => Path;
    }
}
