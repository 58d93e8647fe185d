namespace SupplyChainTools.Core.FileSystem
{
    /// <summary>One entry of a directory listing (<see cref="FileWalker.ListDirectory"/>).</summary>
    internal readonly struct ListedEntry
    {
        public ListedEntry(string name, string fullName, bool isDirectory, bool isLink)
        {
            Name = name;
            FullName = fullName;
            IsDirectory = isDirectory;
            IsLink = isLink;
        }

        public string Name { get; }

        public string FullName { get; }

        /// <summary>A directory, or a link whose attributes say directory (resolved again for links); false when the listing was of names only.</summary>
        public bool IsDirectory { get; }

        /// <summary>A symbolic link or other reparse point; false when the listing was of names only.</summary>
        public bool IsLink { get; }
    }
}
