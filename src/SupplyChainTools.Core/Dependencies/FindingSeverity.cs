namespace SupplyChainTools
{
    /// <summary>Severity values of <see cref="DependencyFinding"/>, most severe first; strings, so they survive remoting.</summary>
    public static class FindingSeverity
    {
        public const string High = "High";
        public const string Medium = "Medium";
        public const string Low = "Low";
        public const string Info = "Info";
    }

    /// <summary>The MITRE ATT&amp;CK mitigations the dependency audits serve.</summary>
    public static class FindingMitigation
    {
        /// <summary>Application Developer Guidance: pin what a build pulls in.</summary>
        public const string PinDependencies = "M1013";

        /// <summary>Limit Software Installation: take packages only from approved sources.</summary>
        public const string LimitSources = "M1033";
    }
}
