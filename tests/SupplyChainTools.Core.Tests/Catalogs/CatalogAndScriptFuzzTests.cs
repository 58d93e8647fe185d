using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;
using SupplyChainTools.Core.Tests.Scripts;

namespace SupplyChainTools.Core.Tests.Catalogs
{
    /// <summary>Mutation fuzzing with fixed seeds: every input yields a result, no exception escapes.</summary>
    public sealed class CatalogAndScriptFuzzTests
    {
        private const int Iterations = 3000;

        private static byte[] Mutate(Random random, byte[] original, int focusStart, int focusLength)
        {
            var bytes = new List<byte>(original);
            int edits = 1 + random.Next(4);
            for (int e = 0; e < edits && bytes.Count > 0; e++)
            {
                int position = focusStart + random.Next(Math.Max(1, Math.Min(focusLength, bytes.Count - focusStart)));
                position = Math.Min(position, bytes.Count - 1);
                switch (random.Next(6))
                {
                    case 0: bytes[position] ^= (byte)(1 << random.Next(8)); break;
                    case 1: bytes[position] = (byte)random.Next(256); break;
                    case 2: bytes.Insert(position, (byte)random.Next(256)); break;
                    case 3: bytes.RemoveAt(position); break;
                    case 4: bytes.RemoveRange(position, bytes.Count - position); break; // truncate
                    default:
                        // Interesting values for lengths and counts.
                        byte[] interesting = { 0x00, 0x7F, 0x80, 0x81, 0x84, 0xFF };
                        bytes[position] = interesting[random.Next(interesting.Length)];
                        break;
                }
            }

            return bytes.ToArray();
        }

        [Fact]
        public void MutatedScriptSignatureBlocksAlwaysYieldAResult()
        {
            var random = new Random(20261128);
            string[] names = { "signed.ps1", "signed.psc1", "signed.mof", "signed_utf16.ps1", "authenticode-timestamp.ps1" };
            var statuses = new Dictionary<string, int>();
            var stopwatch = Stopwatch.StartNew();
            for (int i = 0; i < Iterations; i++)
            {
                string name = names[i % names.Length];
                byte[] original = ScriptFixtures.ReadScript(name);
                int focus = random.Next(4) == 0 ? 0 : original.Length / 4; // mostly inside the block
                byte[] mutated = Mutate(random, original, focus, original.Length - focus);

                ScriptSignatureParseResult result = ScriptSignatureParser.Parse(name, mutated);

                string status = result.FormatStatus ?? "WellFormed";
                statuses[status] = statuses.TryGetValue(status, out int n) ? n + 1 : 1;
                byte[] digest = result.ComputeDigest(HashAlgorithmName.SHA256);
                Assert.Equal(32, digest.Length);
                Assert.NotNull(result.ExplainDigestMismatch(HashAlgorithmName.SHA256, new byte[32]));
                if (result.Pkcs7 is not null && CmsSignedData.TryReadEncapsulatedContent(result.Pkcs7, out _, out byte[] content, out _, out _))
                {
                    SpcIndirectData.TryDecode(content, out _);
                }
            }

            // The mutations really reach every branch, not just one.
            Assert.True(statuses.ContainsKey(AuthenticodeStatus.Malformed), string.Join(", ", statuses));
            Assert.True(statuses.ContainsKey("WellFormed"), string.Join(", ", statuses));
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), stopwatch.Elapsed.ToString());
        }

        [Fact]
        public void MutatedCatalogsAlwaysYieldAResult()
        {
            var random = new Random(1311);
            byte[][] catalogs = { CatalogFileTests.ReadCatalogFixture("signed.cat"), CatalogFileTests.ReadCatalogFixture("ts_cert.cat") };
            byte[] member = CatalogFileTests.ReadCatalogFixture("unsigned.exe");
            int parsed = 0;
            int malformed = 0;
            var stopwatch = Stopwatch.StartNew();
            for (int i = 0; i < Iterations; i++)
            {
                byte[] original = catalogs[i % catalogs.Length];
                byte[] mutated = Mutate(random, original, 0, original.Length);

                CatalogParseResult result = CatalogFile.TryParse(mutated);

                if (result.Success)
                {
                    parsed++;
                    result.Catalog!.FindMemberForFile(member);
                    foreach (CatalogMember m in result.Catalog.Members)
                    {
                        _ = m.ToString();
                    }
                }
                else
                {
                    malformed++;
                    Assert.Equal(AuthenticodeStatus.Malformed, result.FormatStatus);
                    Assert.NotEmpty(result.Problems);
                }
            }

            Assert.True(parsed > 0 && malformed > 0, "parsed " + parsed + ", malformed " + malformed);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), stopwatch.Elapsed.ToString());
        }

        [Fact]
        public void MutatedPeAndCabinetHeadersNeverThrowFromTheMemberHasher()
        {
            var random = new Random(4096);
            byte[] exe = CatalogFileTests.ReadCatalogFixture("unsigned.exe");
            byte[] cabinet = CatalogFileTests.ReadCatalogFixture("signed.ex_");
            int peHeaderEnd = BitConverter.ToInt32(exe, 0x3C) + 24 + 240;
            var kinds = new HashSet<string>();
            for (int i = 0; i < Iterations; i++)
            {
                byte[] mutated = i % 2 == 0
                    ? Mutate(random, exe, random.Next(2) == 0 ? 0x3C : 0, peHeaderEnd)
                    : Mutate(random, cabinet, 4, 56);

                byte[] hash = CatalogMemberHasher.ComputeHash(mutated, HashAlgorithmName.SHA256, out string kind);

                Assert.Equal(32, hash.Length);
                kinds.Add(kind);
            }

            Assert.Equal(
                new[] { CatalogMemberHasher.HashKindCabinet, CatalogMemberHasher.HashKindFlat, CatalogMemberHasher.HashKindPeImage },
                kinds.OrderBy(k => k, StringComparer.Ordinal).ToArray());
        }

        [Theory]
        [InlineData(100_000)]
        [InlineData(5_000_000)]
        public void DeeplyNestedBerIsRejectedWithoutRecursion(int depth)
        {
            // ContentInfo { signedData, [0] { SEQUENCE { SEQUENCE { SEQUENCE ... (indefinite length, never closed) } } } }
            var bytes = new List<byte> { 0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0, 0x80 };
            for (int i = 0; i < depth; i++)
            {
                bytes.Add(0x30);
                bytes.Add(0x80);
            }

            CatalogParseResult catalog = CatalogFile.TryParse(bytes.ToArray());
            Assert.False(catalog.Success);
            Assert.Equal(AuthenticodeStatus.Malformed, catalog.FormatStatus);

            Assert.False(SpcIndirectData.TryDecode(bytes.Skip(15).ToArray(), out _));
        }

        [Fact]
        public void HugeDeclaredLengthsAreRejected()
        {
            // SEQUENCE with a 4-byte length far beyond the buffer.
            byte[] bytes = { 0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02 };

            CatalogParseResult result = CatalogFile.TryParse(bytes);

            Assert.False(result.Success);
            Assert.Equal(AuthenticodeStatus.Malformed, result.FormatStatus);
        }
    }
}
