using System;
using System.Collections.Generic;
using System.Linq;

namespace SupplyChainTools
{
    /// <summary>
    /// The integrity facts of one file: where it is, how big, when written, and its hashes, all from one read.
    /// The cmdlet also exposes each hash as a property named after its algorithm (SHA256, SHA512, ...).
    /// </summary>
    public sealed class FileIntegrity
    {
        private readonly Dictionary<string, string> _hashes;

        public FileIntegrity(string path, long length, DateTime lastWriteTimeUtc, IReadOnlyDictionary<string, string> hashes, IReadOnlyList<string> algorithmOrder)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Length = length;
            LastWriteTimeUtc = DateTime.SpecifyKind(lastWriteTimeUtc, DateTimeKind.Utc);
            _hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in hashes)
            {
                _hashes[pair.Key] = pair.Value;
            }

            Algorithms = algorithmOrder.Where(_hashes.ContainsKey).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        }

        /// <summary>Full path of the file.</summary>
        public string Path { get; }

        /// <summary>Number of bytes hashed.</summary>
        public long Length { get; }

        public DateTime LastWriteTimeUtc { get; }

        /// <summary>The algorithms computed, in the order requested.</summary>
        public string[] Algorithms { get; }

        /// <summary>The first algorithm requested: with <see cref="Hash"/>, what Get-FileHash calls Algorithm and Hash.</summary>
        public string? Algorithm => Algorithms.Length > 0 ? Algorithms[0] : null;

        /// <summary>The upper-case hex digest of <see cref="Algorithm"/>.</summary>
        public string? Hash => Algorithm == null ? null : GetHash(Algorithm);

        /// <summary>Upper-case hex digest for the algorithm, or null when it was not computed.</summary>
        public string? GetHash(string algorithm)
        {
            return _hashes.TryGetValue(algorithm, out string? value) ? value : null;
        }

        public override string ToString() => Path;
    }
}
