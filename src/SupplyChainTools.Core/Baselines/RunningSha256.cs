using System;
using System.Security.Cryptography;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>SHA-256 over appended data (IncrementalHash is not in .NET Framework 4.6.2).</summary>
    internal sealed class RunningSha256 : IDisposable
    {
        private readonly SHA256 _sha = SHA256.Create();

        public void AppendData(byte[] data) => AppendData(data, 0, data.Length);

        public void AppendData(byte[] data, int offset, int count)
        {
            _sha.TransformBlock(data, offset, count, null, 0);
        }

        /// <summary>The digest; the instance cannot be appended to afterwards.</summary>
        public byte[] GetHashAndReset()
        {
            _sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            return _sha.Hash!;
        }

        public void Dispose() => _sha.Dispose();
    }
}
