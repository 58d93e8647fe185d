using System;
using System.Collections.Generic;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// Signer block and version of signable files already verified in this scan, by how they were verified (the
    /// verifier reads a script by its extension), size and SHA-2 digest of the whole file: an install often holds
    /// the same signed DLL several times. Only collision-resistant digests are used
    /// as keys (never MD5 or SHA-1), and the cache stops growing at <see cref="MaxEntries"/>.
    /// </summary>
    internal sealed class ContentVerdictCache
    {
        public const int MaxEntries = 65536;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (BaselineSigner? Signer, BaselineVersion? Version)> _verdicts =
            new System.Collections.Concurrent.ConcurrentDictionary<string, (BaselineSigner?, BaselineVersion?)>(StringComparer.Ordinal);

        public string? KeyOf(BaselineEntry entry, IReadOnlyList<string> algorithms, string route)
        {
            foreach (string algorithm in algorithms)
            {
                if (algorithm == SupportedHashAlgorithms.SHA256 || algorithm == SupportedHashAlgorithms.SHA384 || algorithm == SupportedHashAlgorithms.SHA512)
                {
                    string? hash = entry.GetHash(algorithm);
                    return hash == null ? null : route + ":" + algorithm + ":" + entry.Size + ":" + hash;
                }
            }

            return null;
        }

        public bool TryGet(string key, out BaselineSigner? signer, out BaselineVersion? version)
        {
            bool found = _verdicts.TryGetValue(key, out var verdict);
            signer = verdict.Signer;
            version = verdict.Version;
            return found;
        }

        public void Add(string key, BaselineSigner? signer, BaselineVersion? version)
        {
            if (_verdicts.Count < MaxEntries)
            {
                _verdicts.TryAdd(key, (signer, version));
            }
        }
    }
}
