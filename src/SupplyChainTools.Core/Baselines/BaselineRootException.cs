using System;
using System.IO;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>A root folder (or the folder a rescan starts from) could not be listed: nothing below it can be recorded.</summary>
    public sealed class BaselineRootException : IOException
    {
        public BaselineRootException(string message, string folder, Exception inner)
            : base(message, inner)
        {
            Folder = folder;
        }

        public string Folder { get; }
    }
}
