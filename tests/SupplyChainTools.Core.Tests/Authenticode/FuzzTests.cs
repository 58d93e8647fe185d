using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SupplyChainTools;
using SupplyChainTools.Core.Authenticode;
using Xunit.Abstractions;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>
    /// Deterministic mutation fuzzing of real signed files: headers, the certificate-table directory
    /// entry, the WIN_CERTIFICATE header, the PKCS#7 blob, truncations. Every mutant must produce a
    /// result with a known status, quickly, and no exception may escape.
    /// </summary>
    public sealed class FuzzTests
    {
        private const int IterationsPerFile = 1500;
        private static readonly TimeSpan MaxTimePerFile = TimeSpan.FromSeconds(2);
        private readonly ITestOutputHelper _output;

        public FuzzTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData("runtime:System.Runtime.dll", 20261128)]
        [InlineData("fixture:nested.exe", 1567296000)]
        [InlineData("fixture:ts_cert.exe", 42)]
        public void MutantsYieldResultsNotExceptions(string source, int seed)
        {
            string path = source.StartsWith("runtime:", StringComparison.Ordinal)
                ? Path.Combine(AuthenticodeTestEnvironment.RuntimeFolder, source.Substring("runtime:".Length))
                : AuthenticodeTestEnvironment.PeFixture(source.Substring("fixture:".Length));
            AuthenticodeVerifier verifier = source.StartsWith("runtime:", StringComparison.Ordinal)
                ? new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots)
                : new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            PeTestFile original = PeTestFile.Load(path);
            var random = new Random(seed);
            var statusCounts = AuthenticodeStatus.All.ToDictionary(status => status, _ => 0);
            TimeSpan slowest = TimeSpan.Zero;

            for (int iteration = 0; iteration < IterationsPerFile; iteration++)
            {
                (byte[] mutant, string mutation, bool mustFail) = Mutate(original, random);
                var stopwatch = Stopwatch.StartNew();
                AuthenticodeSignature result;
                try
                {
                    using (var stream = new MemoryStream(mutant, writable: false))
                    {
                        result = verifier.Verify("mutant.dll", stream, default);
                    }
                }
                catch (Exception exception)
                {
                    throw new Xunit.Sdk.XunitException("Iteration " + iteration + " (" + mutation + ") threw " + exception);
                }

                stopwatch.Stop();
                slowest = stopwatch.Elapsed > slowest ? stopwatch.Elapsed : slowest;
                Assert.True(stopwatch.Elapsed < MaxTimePerFile, "Iteration " + iteration + " (" + mutation + ") took " + stopwatch.Elapsed);
                Assert.True(statusCounts.ContainsKey(result.Status), "Iteration " + iteration + " (" + mutation + ") returned unknown status " + result.Status);
                Assert.False(string.IsNullOrEmpty(result.StatusMessage), "Iteration " + iteration + " (" + mutation + ") has no status message");
                Assert.True(result.IsValid == (result.Status == AuthenticodeStatus.Valid));
                statusCounts[result.Status]++;
                Assert.False(mustFail && result.IsValid, "Iteration " + iteration + " (" + mutation + ") changed covered bytes or the table layout but was reported Valid");
            }

            _output.WriteLine(string.Join(", ", statusCounts.Where(pair => pair.Value > 0).Select(pair => pair.Key + "=" + pair.Value)) + "; slowest " + slowest.TotalMilliseconds + " ms");
            Assert.True(statusCounts.Count(pair => pair.Value > 0) >= 4, "the mutations should reach several verdicts");
        }

        /// <summary>
        /// One mutation. MustFail marks changes no valid verdict may survive: bytes covered by the image
        /// hash (all headers but the CheckSum), the table's location or layout, truncation. Flipped
        /// PKCS#7 bytes may legitimately stay valid (an unused certificate, the unsigned digestAlgorithms set).
        /// </summary>
        private static (byte[] Mutant, string Mutation, bool MustFail) Mutate(PeTestFile original, Random random)
        {
            byte[] bytes = (byte[])original.Bytes.Clone();
            int tableStart = original.TableOffset;
            int tableEnd = original.TableOffset + original.TableSize;
            switch (random.Next(8))
            {
                case 0:
                {
                    int offset = random.Next(original.FirstSectionOffset);
                    bytes[offset] ^= (byte)(1 + random.Next(255));
                    bool isCheckSum = offset >= original.CheckSumOffset && offset < original.CheckSumOffset + 4;
                    return (bytes, "header byte " + offset, !isCheckSum);
                }

                case 1:
                {
                    uint[] interesting = { 0, (uint)bytes.Length, (uint)bytes.Length - 8, uint.MaxValue, (uint)tableStart + 1, (uint)random.Next() };
                    uint value = interesting[random.Next(interesting.Length)];
                    int field = original.CertificateDirectoryEntryOffset + (random.Next(2) * 4);
                    bool changed = BitConverter.ToUInt32(bytes, field) != value;
                    BitConverter.GetBytes(value).CopyTo(bytes, field);
                    return (bytes, "directory field " + field + " = " + value, changed);
                }

                case 2:
                {
                    int count = 1 + random.Next(4);
                    for (int i = 0; i < count; i++)
                    {
                        bytes[tableStart + 8 + random.Next(original.TableSize - 8)] ^= (byte)(1 + random.Next(255));
                    }

                    return (bytes, count + " PKCS#7 bytes flipped", false);
                }

                case 3:
                {
                    int length = random.Next(bytes.Length);
                    return (bytes.Take(length).ToArray(), "truncated to " + length, true);
                }

                case 4:
                {
                    uint[] interesting = { 0, 7, 8, (uint)original.TableSize + 8, uint.MaxValue, (uint)random.Next(original.TableSize) };
                    uint value = interesting[random.Next(interesting.Length)];
                    bool changed = BitConverter.ToUInt32(bytes, tableStart) != value;
                    BitConverter.GetBytes(value).CopyTo(bytes, tableStart);
                    return (bytes, "dwLength = " + value, changed);
                }

                case 5:
                {
                    int offset = tableStart + 8 + random.Next(Math.Min(64, original.TableSize - 8));
                    byte[] lengthForms = { 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x89, 0xFF, 0x00 };
                    bytes[offset] = lengthForms[random.Next(lengthForms.Length)];
                    return (bytes, "ASN.1 length byte at " + offset + " = " + bytes[offset], false);
                }

                case 6:
                {
                    uint[] interesting = { 0, 0x3C, (uint)bytes.Length - 4, uint.MaxValue, (uint)random.Next(bytes.Length) };
                    uint value = interesting[random.Next(interesting.Length)];
                    bool changed = BitConverter.ToUInt32(bytes, 0x3C) != value;
                    BitConverter.GetBytes(value).CopyTo(bytes, 0x3C);
                    return (bytes, "e_lfanew = " + value, changed);
                }

                default:
                {
                    int offset = tableStart + 8 + random.Next(original.TableSize - 8);
                    int count = 1 + random.Next(16);
                    byte[] inserted = new byte[count];
                    random.NextBytes(inserted);
                    byte[] result = bytes.Take(offset).Concat(inserted).Concat(bytes.Skip(offset)).ToArray();
                    return (result, count + " bytes inserted at " + offset + " (table end " + tableEnd + ")", true);
                }
            }
        }
    }
}
