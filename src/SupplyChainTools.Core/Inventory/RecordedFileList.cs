using System;
using System.Collections.Generic;
using System.Threading;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>A file and the digest its package manager recorded for it (upper-case hex).</summary>
    internal readonly struct RecordedFile
    {
        public RecordedFile(string fullPath, string algorithm, string expectedHash)
        {
            FullPath = fullPath;
            Algorithm = algorithm;
            ExpectedHash = expectedHash;
        }

        public string FullPath { get; }

        public string Algorithm { get; }

        public string ExpectedHash { get; }
    }

    /// <summary>
    /// The recorded files of one component, read only when -VerifyFiles asks (a dpkg md5sums, a Python RECORD):
    /// the file that records them and how to read it.
    /// </summary>
    internal sealed class RecordedFileList
    {
        private readonly Func<CancellationToken, IEnumerable<RecordedFile>> read;

        public RecordedFileList(string recordPath, Func<CancellationToken, IEnumerable<RecordedFile>> read)
        {
            RecordPath = recordPath;
            this.read = read;
        }

        /// <summary>The file that recorded the hashes.</summary>
        public string RecordPath { get; }

        public IEnumerable<RecordedFile> Read(CancellationToken cancellationToken) => read(cancellationToken);
    }
}
