using System;
using System.Security.Cryptography;

namespace SupplyChainTools.Core.Pkcs
{
    /// <summary>Feeds byte ranges into a hash; IncrementalHash where available, TransformBlock otherwise.</summary>
    internal sealed class DigestAccumulator : IDisposable
    {
#if NET
        private readonly IncrementalHash _hash;

        public DigestAccumulator(HashAlgorithmName name)
        {
            _hash = IncrementalHash.CreateHash(name);
        }

        public void Append(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);

        public byte[] Finish() => _hash.GetHashAndReset();

        public void Dispose() => _hash.Dispose();
#else
        private readonly HashAlgorithm _hash;

        public DigestAccumulator(HashAlgorithmName name)
        {
            _hash = DigestAlgorithms.Create(name);
        }

        public void Append(byte[] buffer, int offset, int count) => _hash.TransformBlock(buffer, offset, count, null, 0);

        public byte[] Finish()
        {
            _hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            return _hash.Hash;
        }

        public void Dispose() => _hash.Dispose();
#endif
    }
}
