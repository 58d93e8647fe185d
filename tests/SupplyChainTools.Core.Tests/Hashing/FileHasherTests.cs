using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;
using Xunit.Abstractions;

namespace SupplyChainTools.Core.Tests.Hashing
{
    public sealed class FileHasherTests : IDisposable
    {
        private const int MiB = 1024 * 1024;
        private readonly TempDirectory _temp = new TempDirectory();
        private readonly ITestOutputHelper _output;

        public FileHasherTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public void Dispose() => _temp.Dispose();

        public static IEnumerable<object[]> Algorithms() => SupportedHashAlgorithms.All.Select(a => new object[] { a });

        // Published test vectors (FIPS 180 / RFC 1321 examples) for "" and "abc".
        public static IEnumerable<object[]> KnownVectors() => new[]
        {
            new object[] { "SHA256", "", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855" },
            new object[] { "SHA1", "", "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709" },
            new object[] { "SHA384", "", "38B060A751AC96384CD9327EB1B1E36A21FDB71114BE07434C0CC7BF63F6E1DA274EDEBFE76F65FBD51AD2F14898B95B" },
            new object[] { "SHA512", "", "CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E" },
            new object[] { "MD5", "", "D41D8CD98F00B204E9800998ECF8427E" },
            new object[] { "SHA256", "abc", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD" },
            new object[] { "SHA1", "abc", "A9993E364706816ABA3E25717850C26C9CD0D89D" },
            new object[] { "SHA384", "abc", "CB00753F45A35E8BB5A03D699AC65007272C32AB0EDED1631A8B605A43FF5BED8086072BA1E7CC2358BAECA134C825A7" },
            new object[] { "SHA512", "abc", "DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F" },
            new object[] { "MD5", "abc", "900150983CD24FB0D6963F7D28E17F72" },
        };

        // Sizes around the one-shot / streaming boundary (FileHasher.ChunkSize = 1 MiB) and a multi-chunk file with a partial tail.
        public static IEnumerable<object[]> Sizes() => new[]
        {
            new object[] { 1 },
            new object[] { MiB - 1 },
            new object[] { MiB },
            new object[] { MiB + 1 },
            new object[] { 2 * MiB },
            new object[] { (5 * MiB) + 12345 },
        };

        [Theory]
        [MemberData(nameof(KnownVectors))]
        public void HashFile_MatchesPublishedVectors(string algorithm, string content, string expected)
        {
            string path = _temp.WriteFile("vector.bin", Encoding.ASCII.GetBytes(content));

            FileIntegrity result = FileHasher.HashFile(path, new[] { algorithm });

            Assert.Equal(expected, result.GetHash(algorithm));
            Assert.Equal(content.Length, result.Length);
            Assert.Equal(path, result.Path);
            Assert.Equal(new[] { algorithm }, result.Algorithms);
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void HashFile_EveryAlgorithm_MatchesPlatformOneShotHash(int size)
        {
            byte[] data = RandomBytes(size, seed: size);
            string path = _temp.WriteFile("random.bin", data);

            foreach (string algorithm in SupportedHashAlgorithms.All)
            {
                FileIntegrity result = FileHasher.HashFile(path, new[] { algorithm });
                Assert.Equal(Reference(algorithm, data), result.GetHash(algorithm));
                Assert.Equal(size, result.Length);
            }
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void HashFile_AllAlgorithmsAtOnce_EqualsEachAlone_SequentialAndParallel(int size)
        {
            byte[] data = RandomBytes(size, seed: size + 7);
            string path = _temp.WriteFile("multi.bin", data);
            string[] all = SupportedHashAlgorithms.All.ToArray();

            FileIntegrity together = FileHasher.HashFile(path, all, parallelAlgorithms: false);
            FileIntegrity parallel = FileHasher.HashFile(path, all, parallelAlgorithms: true);

            Assert.Equal(all, together.Algorithms);
            Assert.Equal(all, parallel.Algorithms);
            foreach (string algorithm in all)
            {
                string alone = FileHasher.HashFile(path, new[] { algorithm }).GetHash(algorithm)!;
                Assert.Equal(Reference(algorithm, data), alone);
                Assert.Equal(alone, together.GetHash(algorithm));
                Assert.Equal(alone, parallel.GetHash(algorithm));
            }

            Assert.Equal(size, together.Length);
            Assert.Equal(size, parallel.Length);
        }

        [Fact]
        public void HashFile_KeepsRequestedAlgorithmOrder_AndReturnsNullForAlgorithmsNotComputed()
        {
            string path = _temp.WriteFile("order.bin", "order");

            FileIntegrity result = FileHasher.HashFile(path, new[] { "SHA512", "MD5" });

            Assert.Equal(new[] { "SHA512", "MD5" }, result.Algorithms);
            Assert.Null(result.GetHash("SHA256"));
            Assert.Equal(result.GetHash("SHA512"), result.GetHash("sha512"));
        }

        [Fact]
        public void HashFile_DigestsAreUpperCaseHexOfTheRightLength()
        {
            string path = _temp.WriteFile("hex.bin", RandomBytes(1000, 3));

            FileIntegrity result = FileHasher.HashFile(path, SupportedHashAlgorithms.All.ToArray());

            foreach (string algorithm in SupportedHashAlgorithms.All)
            {
                string hash = result.GetHash(algorithm)!;
                Assert.Equal(SupportedHashAlgorithms.DigestLength(algorithm) * 2, hash.Length);
                Assert.Matches("^[0-9A-F]+$", hash);
            }
        }

        [Theory]
        [InlineData(10)]
        [InlineData((3 * MiB) + 5)]
        public void HashFile_ReportsLastWriteTimeUtc(int size)
        {
            string path = _temp.WriteFile("time.bin", RandomBytes(size, 11));
            var stamp = new DateTime(2021, 3, 14, 15, 9, 26, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(path, stamp);

            FileIntegrity result = FileHasher.HashFile(path, new[] { "SHA256" });

            Assert.Equal(stamp, result.LastWriteTimeUtc);
            Assert.Equal(DateTimeKind.Utc, result.LastWriteTimeUtc.Kind);
            Assert.Equal(size, result.Length);
        }

        [Fact]
        public void HashFile_MissingFile_ThrowsFileNotFound()
        {
            string path = _temp.Combine("does-not-exist.bin");

            Assert.Throws<FileNotFoundException>(() => FileHasher.HashFile(path, new[] { "SHA256" }));
        }

        [Fact]
        public void HashFile_FileInMissingDirectory_ThrowsIOExceptionNotAnythingElse()
        {
            string path = _temp.Combine("no-such-dir", "x.bin");

            Assert.ThrowsAny<IOException>(() => FileHasher.HashFile(path, new[] { "SHA256" }));
        }

        [Fact]
        public void HashFile_Directory_ThrowsNotARegularFile()
        {
            string dir = _temp.Combine("a-directory");
            Directory.CreateDirectory(dir);

            var ex = Assert.Throws<NotARegularFileException>(() => FileHasher.HashFile(dir, new[] { "SHA256" }));

            Assert.Equal(FileKind.Directory, ex.Kind);
            Assert.Equal(dir, ex.Path);
            Assert.Contains("directory", ex.Message, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void HashFile_NullPath_Throws()
        {
            Assert.Throws<ArgumentNullException>(() => FileHasher.HashFile(null!, new[] { "SHA256" }));
        }

        [Fact]
        public void HashFile_CancelledToken_OnBigFile_ThrowsOperationCanceled()
        {
            string path = _temp.WriteFile("big.bin", RandomBytes(8 * MiB, 5));
            using var cts = new CancellationTokenSource();
            cts.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() => FileHasher.HashFile(path, new[] { "SHA256", "SHA512" }, parallelAlgorithms: true, cts.Token));
        }

        [Fact]
        public async Task HashFile_CancelledWhileStreaming_StopsBeforeTheEnd()
        {
            // A 256 MiB sparse file hashed with all five algorithms takes far longer than the 20 ms before the cancel on
            // any machine, so the read loop itself must notice the token. Hashing and cancelling run on dedicated threads
            // (as in the cmdlets, where StopProcessing cancels): a thread-pool timer (CancelAfter) can be delayed by
            // pool starvation on a small machine, since FileHasher blocks a thread on its read-ahead task.
            string path = _temp.Combine("sparse.bin");
            using (var stream = new FileStream(path, FileMode.CreateNew))
            {
                stream.SetLength(256L * MiB);
            }

            using var cts = new CancellationTokenSource();
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            Task<FileIntegrity> hashing = Task.Factory.StartNew(
                () => FileHasher.HashFile(path, SupportedHashAlgorithms.All.ToArray(), false, cts.Token),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            var canceller = new Thread(() =>
            {
                Thread.Sleep(20);
                cts.Cancel();
            });
            canceller.Start();

            Exception? error = await Record.ExceptionAsync(() => hashing.WaitAsync(TimeSpan.FromSeconds(30)));
            _output.WriteLine($"Returned after {stopwatch.ElapsedMilliseconds} ms.");

            Assert.IsAssignableFrom<OperationCanceledException>(error);
        }

        [LinuxFact(Timeout = 20000)]
        public async Task HashFile_Fifo_ThrowsNotARegularFile_WithoutBlocking_Linux()
        {
            string fifo = _temp.Combine("pipe");
            Unix.MakeFifo(fifo);

            Task<FileIntegrity> hashing = Task.Run(() => FileHasher.HashFile(fifo, new[] { "SHA256" }));
            Task finished = await Task.WhenAny(hashing, Task.Delay(TimeSpan.FromSeconds(10)));
            if (finished != hashing)
            {
                Unix.ReleaseFifoReader(fifo);
                Assert.Fail("HashFile blocked on a FIFO instead of refusing it.");
            }

            var ex = await Assert.ThrowsAsync<NotARegularFileException>(() => hashing);
            Assert.Equal(FileKind.NamedPipe, ex.Kind);
        }

        [UnixFact]
        public void HashFile_SymlinkToFile_HashesTheTarget_Unix()
        {
            string target = _temp.WriteFile("target.bin", "abc");
            string link = _temp.Combine("link.bin");
            File.CreateSymbolicLink(link, target);

            FileIntegrity result = FileHasher.HashFile(link, new[] { "SHA256" });

            Assert.Equal("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", result.GetHash("SHA256"));
            Assert.Equal(3, result.Length);
        }

        internal static byte[] RandomBytes(int size, int seed)
        {
            var bytes = new byte[size];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        internal static string Reference(string algorithm, byte[] data) => Convert.ToHexString(algorithm switch
        {
            "SHA256" => SHA256.HashData(data),
            "SHA1" => SHA1.HashData(data),
            "SHA384" => SHA384.HashData(data),
            "SHA512" => SHA512.HashData(data),
            "MD5" => MD5.HashData(data),
            _ => throw new ArgumentException(algorithm),
        });
    }
}
