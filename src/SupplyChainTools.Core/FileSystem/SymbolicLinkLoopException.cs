using System.IO;

namespace SupplyChainTools.Core.FileSystem
{
    /// <summary>Thrown for a symbolic link that leads back to itself (a → b → a), which no number of hops resolves.</summary>
    public sealed class SymbolicLinkLoopException : IOException
    {
        public SymbolicLinkLoopException(string path)
            : base($"The symbolic link '{path}' is part of a loop of links (following it leads back to it), so it was not followed. Remove or correct the link.")
        {
            Path = path;
        }

        public string Path { get; }
    }
}
