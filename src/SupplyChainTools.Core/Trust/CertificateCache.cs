using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SupplyChainTools.Core.Trust
{
    /// <summary>
    /// Materialized certificates keyed by a hash of their DER encoding. Files from one publisher
    /// carry the same few certificates, and creating an X509Certificate2 costs far more than
    /// decoding the signature that holds it, so each distinct certificate is created once.
    /// Thread-safe; bounded.
    /// </summary>
    internal sealed class CertificateCache
    {
        private const int MaxEntries = 4096;
        private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new ConcurrentDictionary<string, X509Certificate2>(StringComparer.Ordinal);

        public X509Certificate2 Get(ReadOnlyMemory<byte> der)
        {
            string key = Convert.ToBase64String(Authenticode.DigestAlgorithms.Hash(HashAlgorithmName.SHA256, der.ToArray()));
            if (_certificates.TryGetValue(key, out X509Certificate2? cached))
            {
                return cached;
            }

            if (_certificates.Count >= MaxEntries)
            {
                _certificates.Clear();
            }

            return _certificates.GetOrAdd(key, _ => CertificateFactory.FromDer(der.ToArray()));
        }

        /// <summary>The certificates that decode; a corrupt one is left out, as a verifier that cannot parse it would.</summary>
        public X509Certificate2Collection GetCollection(IReadOnlyList<ReadOnlyMemory<byte>> encodedCertificates)
        {
            var collection = new X509Certificate2Collection();
            foreach (ReadOnlyMemory<byte> der in encodedCertificates)
            {
                try
                {
                    collection.Add(Get(der));
                }
                catch (CryptographicException)
                {
                }
            }

            return collection;
        }
    }
}
