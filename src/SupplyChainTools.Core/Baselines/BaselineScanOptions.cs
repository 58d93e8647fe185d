using System;
using System.Collections.Generic;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Baselines
{
    public sealed class BaselineScanOptions
    {
        /// <summary>Canonical algorithm names (see <see cref="SupportedHashAlgorithms"/>).</summary>
        public IReadOnlyList<string> Algorithms { get; set; } = new[] { SupportedHashAlgorithms.SHA256 };

        public int DegreeOfParallelism { get; set; } = Environment.ProcessorCount;

        /// <summary>Decides by name whether a non-directory entry is recorded; null records everything.</summary>
        public Func<string, bool>? FileNameFilter { get; set; }

        /// <summary>Verifies the signatures of PE files, PowerShell scripts and catalogs; null records no signer blocks.</summary>
        public AuthenticodeVerifier? Verifier { get; set; }

        /// <summary>Reuse a reference entry's hashes, signer and version when size, mtime, ctime and file id are unchanged.</summary>
        public bool Quick { get; set; }

        internal ContentVerdictCache Cache { get; } = new ContentVerdictCache();
    }
}
