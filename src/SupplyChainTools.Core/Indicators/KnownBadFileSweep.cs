using System;
using System.Collections.Generic;
using System.Threading;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Indicators
{
    /// <summary>
    /// The use case of Test-KnownBadFile for one file: every algorithm the indicators use, from one read
    /// (<see cref="FileHasher"/>), looked up in the <see cref="IndicatorSet"/>; in a GitHub workflow or action
    /// file, also its pinned actions against the known-bad commits (<see cref="WorkflowActionScan"/>). Safe to
    /// call from several workers at once: the set is only read.
    /// </summary>
    public sealed class KnownBadFileSweep
    {
        private readonly IndicatorSet _indicators;
        private readonly string[] _algorithms;

        public KnownBadFileSweep(IndicatorSet indicators)
        {
            _indicators = indicators ?? throw new ArgumentNullException(nameof(indicators));
            _algorithms = new List<string>(indicators.Algorithms).ToArray();
        }

        /// <summary>The algorithms each file is hashed with (those the indicators use).</summary>
        public IReadOnlyList<string> Algorithms => _algorithms;

        /// <summary>The matches for one file (usually none) and its length, for progress.</summary>
        public KnownBadFileResult Check(string path, CancellationToken cancellationToken)
        {
            bool actions = _indicators.CommitCount > 0 && WorkflowActionScan.Handles(path);
            if (_algorithms.Length == 0 && !actions)
            {
                return new KnownBadFileResult(0, Array.Empty<KnownBadFileMatch>());
            }

            FileIntegrity integrity = FileHasher.HashFile(path, _algorithms.Length == 0 ? new[] { SupportedHashAlgorithms.SHA256 } : _algorithms, parallelAlgorithms: false, cancellationToken);
            List<KnownBadFileMatch>? matches = null;
            foreach (string algorithm in _algorithms)
            {
                string? hash = integrity.GetHash(algorithm);
                if (hash != null && _indicators.FindFileHash(algorithm, hash) is Indicator indicator)
                {
                    matches ??= new List<KnownBadFileMatch>(1);
                    matches.Add(new KnownBadFileMatch(integrity.Path, integrity.Length, algorithm, hash, indicator.Source, indicator.Name, indicator.Description));
                }
            }

            if (actions)
            {
                matches ??= new List<KnownBadFileMatch>();
                matches.AddRange(WorkflowActionScan.Check(path, integrity.Length, _indicators, cancellationToken));
            }

            return new KnownBadFileResult(integrity.Length, matches ?? (IReadOnlyList<KnownBadFileMatch>)Array.Empty<KnownBadFileMatch>());
        }
    }

    /// <summary>One swept file: its length and the indicators it matched.</summary>
    public sealed class KnownBadFileResult
    {
        public KnownBadFileResult(long length, IReadOnlyList<KnownBadFileMatch> matches)
        {
            Length = length;
            Matches = matches;
        }

        public long Length { get; }

        public IReadOnlyList<KnownBadFileMatch> Matches { get; }
    }
}
