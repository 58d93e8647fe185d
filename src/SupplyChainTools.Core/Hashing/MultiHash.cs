using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading.Tasks;

namespace SupplyChainTools.Core.Hashing
{
    /// <summary>
    /// Computes several digests over one stream of bytes, so every requested algorithm
    /// comes from a single read of the file.
    /// </summary>
    internal sealed class MultiHash : IDisposable
    {
        // Below this chunk size, fanning one chunk out to several threads costs more than it saves.
        private const int MinimumChunkForParallelAlgorithms = 256 * 1024;

        private readonly string[] _algorithms;
#if NET
        private readonly IncrementalHash[] _hashes;
#else
        private readonly HashAlgorithm[] _hashes;
#endif

        public MultiHash(IReadOnlyList<string> algorithms)
        {
            _algorithms = new string[algorithms.Count];
#if NET
            _hashes = new IncrementalHash[algorithms.Count];
#else
            _hashes = new HashAlgorithm[algorithms.Count];
#endif
            for (int i = 0; i < algorithms.Count; i++)
            {
                _algorithms[i] = algorithms[i];
#if NET
                _hashes[i] = IncrementalHash.CreateHash(SupportedHashAlgorithms.ToHashAlgorithmName(algorithms[i]));
#else
                _hashes[i] = CreateLegacy(algorithms[i]);
#endif
            }
        }

        public void Append(byte[] buffer, int offset, int count, bool algorithmsInParallel)
        {
            if (count == 0)
            {
                return;
            }

            if (algorithmsInParallel && _hashes.Length > 1 && count >= MinimumChunkForParallelAlgorithms)
            {
                Parallel.For(0, _hashes.Length, i => AppendOne(i, buffer, offset, count));
                return;
            }

            for (int i = 0; i < _hashes.Length; i++)
            {
                AppendOne(i, buffer, offset, count);
            }
        }

        public Dictionary<string, string> Finish()
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < _hashes.Length; i++)
            {
#if NET
                result[_algorithms[i]] = HexConverter.ToUpperHex(_hashes[i].GetHashAndReset());
#else
                _hashes[i].TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                result[_algorithms[i]] = HexConverter.ToUpperHex(_hashes[i].Hash);
#endif
            }

            return result;
        }

        /// <summary>Hashes a whole in-memory buffer with each algorithm's one-shot API (no per-file hash objects).</summary>
        public static Dictionary<string, string> HashAll(IReadOnlyList<string> algorithms, byte[] buffer, int count)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string algorithm in algorithms)
            {
                result[algorithm] = HexConverter.ToUpperHex(HashOnce(algorithm, buffer, count));
            }

            return result;
        }

        public static byte[] HashOnce(string algorithm, byte[] buffer, int count)
        {
#if NET
            ReadOnlySpan<byte> data = new ReadOnlySpan<byte>(buffer, 0, count);
            switch (algorithm)
            {
                case SupportedHashAlgorithms.SHA256: return SHA256.HashData(data);
                case SupportedHashAlgorithms.SHA512: return SHA512.HashData(data);
                case SupportedHashAlgorithms.SHA384: return SHA384.HashData(data);
                case SupportedHashAlgorithms.SHA1: return SHA1.HashData(data);
                case SupportedHashAlgorithms.MD5: return MD5.HashData(data);
                default: throw new ArgumentException($"'{algorithm}' is not a supported hash algorithm.", nameof(algorithm));
            }
#else
            using (HashAlgorithm hash = CreateLegacy(algorithm))
            {
                return hash.ComputeHash(buffer, 0, count);
            }
#endif
        }

        private void AppendOne(int index, byte[] buffer, int offset, int count)
        {
#if NET
            _hashes[index].AppendData(buffer, offset, count);
#else
            _hashes[index].TransformBlock(buffer, offset, count, null, 0);
#endif
        }

#if !NET
        private static HashAlgorithm CreateLegacy(string algorithm) =>
            Pkcs.DigestAlgorithms.Create(SupportedHashAlgorithms.ToHashAlgorithmName(algorithm));
#endif

        public void Dispose()
        {
            foreach (var hash in _hashes)
            {
                hash.Dispose();
            }
        }
    }
}
