namespace SupplyChainTools
{
    /// <summary>Status values of <see cref="ComponentFileCheck"/>; strings, so they survive remoting.</summary>
    public static class ComponentFileStatus
    {
        /// <summary>The file's content differs from the hash its package manager recorded.</summary>
        public const string Changed = "Changed";

        /// <summary>The package manager recorded the file, and it is not there.</summary>
        public const string Missing = "Missing";

        /// <summary>The file is there but could not be read.</summary>
        public const string Unreadable = "Unreadable";
    }

    /// <summary>
    /// A file of an inventoried component that does not match what its package manager recorded
    /// (Get-SoftwareInventory -VerifyFiles): Python RECORD, dpkg md5sums or apk's installed database.
    /// </summary>
    public sealed class ComponentFileCheck
    {
        public ComponentFileCheck(
            string ecosystem, string component, string? version, string path, string status, string algorithm,
            string expectedHash, string? actualHash, string recordedBy, string? message)
        {
            Ecosystem = ecosystem;
            Component = component;
            Version = version;
            Path = path;
            Status = status;
            Algorithm = algorithm;
            ExpectedHash = expectedHash;
            ActualHash = actualHash;
            RecordedBy = recordedBy;
            Message = message;
        }

        public string Ecosystem { get; }

        /// <summary>The component's name.</summary>
        public string Component { get; }

        public string? Version { get; }

        /// <summary>Full path of the file.</summary>
        public string Path { get; }

        /// <summary>The folder holding the file (the table groups by it).</summary>
        public string Directory => System.IO.Path.GetDirectoryName(Path) ?? string.Empty;

        /// <summary>The file name.</summary>
        public string Name => System.IO.Path.GetFileName(Path);

        /// <summary>A <see cref="ComponentFileStatus"/> value.</summary>
        public string Status { get; }

        /// <summary>The algorithm the package manager recorded (MD5 for dpkg, SHA256 for Python RECORD, SHA1 for apk).</summary>
        public string Algorithm { get; }

        /// <summary>The recorded hash, upper-case hex.</summary>
        public string ExpectedHash { get; }

        /// <summary>The file's hash now, upper-case hex; null when missing or unreadable.</summary>
        public string? ActualHash { get; }

        /// <summary>The file that recorded the hash (a RECORD, a .md5sums, the apk database).</summary>
        public string RecordedBy { get; }

        /// <summary>Why the file could not be read, for <see cref="ComponentFileStatus.Unreadable"/>.</summary>
        public string? Message { get; }

        public override string ToString() => Status + " " + Path;
    }
}
