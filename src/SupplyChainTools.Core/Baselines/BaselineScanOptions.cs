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

        /// <summary>
        /// The options of a scan that writes or reads <paramref name="output"/>: the header's algorithms and name
        /// patterns, never the output's own files, and the host's verifier.
        /// </summary>
        internal static BaselineScanOptions For(IBaselineHost host, BaselineHeader header, string output, IReadOnlyList<string> roots, int degreeOfParallelism, bool quick = false)
        {
            Func<string, bool>? patterns = host.MatchNames(header.Include, header.Exclude);
            Func<string, bool>? isOutput = BaselineWriter.OutputNamesIn(output, roots);
            return new BaselineScanOptions
            {
                Algorithms = header.Algorithms,
                DegreeOfParallelism = degreeOfParallelism,
                FileNameFilter = patterns == null && isOutput == null ? null : name => (isOutput == null || !isOutput(name)) && (patterns == null || patterns(name)),
                Verifier = host.CreateVerifier(),
                Quick = quick,
            };
        }
    }
}
