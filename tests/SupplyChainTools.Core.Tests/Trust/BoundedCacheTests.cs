using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Tests.Trust
{
    /// <summary>Caches of certificates and chain verdicts stay bounded however many distinct signers a run meets.</summary>
    public sealed class BoundedCacheTests
    {
        [Fact]
        public void LeastRecentlyUsedEntryIsEvicted()
        {
            var cache = new BoundedCache<int, string>(2);
            cache.GetOrAdd(1, key => "one");
            cache.GetOrAdd(2, key => "two");
            Assert.True(cache.TryGetValue(1, out _));
            cache.GetOrAdd(3, key => "three");

            Assert.Equal(2, cache.Count);
            Assert.True(cache.TryGetValue(1, out string? one));
            Assert.Equal("one", one);
            Assert.False(cache.TryGetValue(2, out _));
            Assert.Equal("two again", cache.GetOrAdd(2, key => "two again"));
        }

        [Fact]
        public void ChainVerdictsAreKeptForABoundedNumberOfSigners()
        {
            const int bound = 16;
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            DateTime now = DateTime.UtcNow;
            var verifier = new ChainVerifier(new X509Certificate2Collection(), false, false, Array.Empty<CertificateRevocationList>(), ChainVerifier.CodeSigningEku, "code signing", bound);
            for (int i = 0; i < bound + 10; i++)
            {
                var request = new CertificateRequest("CN=Signer " + i, key, HashAlgorithmName.SHA256);
                using X509Certificate2 leaf = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
                ChainVerdict verdict = verifier.Verify(leaf, new X509Certificate2Collection(), now, now);
                Assert.Contains(verdict.Problems, problem => problem.Status == AuthenticodeStatus.NotTrusted);
            }

            Assert.Equal(bound, verifier.CachedSignerCount);
            Assert.True(ChainVerifier.MaxCachedSigners <= 4096, "the default bound keeps a run's chain cache small");
        }
    }
}
