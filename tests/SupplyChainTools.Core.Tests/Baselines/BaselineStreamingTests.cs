using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Baselines;
using static SupplyChainTools.Core.Tests.Baselines.BaselineTestData;

namespace SupplyChainTools.Core.Tests.Baselines
{
    public sealed class BaselineStreamingTests : IDisposable
    {
        private const int EntryCount = 200_000;
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private static IEnumerable<BaselineEntry> Synthetic(bool changed)
        {
            // 400 folders of 500 files; the changed side edits, adds, removes and moves a few hundred.
            for (int d = 0; d < 400; d++)
            {
                string folder = "d" + d.ToString("D3");
                yield return Directory(folder);
                for (int f = 0; f < 500; f++)
                {
                    string name = folder + "/f" + f.ToString("D3") + ".bin";
                    int id = (d * 500) + f;
                    if (changed && id % 1000 == 1)
                    {
                        continue; // removed
                    }

                    if (changed && id % 1000 == 2)
                    {
                        yield return File(folder + "/f" + f.ToString("D3") + ".moved", "content " + id);
                        continue;
                    }

                    string content = changed && id % 1000 == 3 ? "edited " + id : "content " + id;
                    yield return File(name, content);
                    if (changed && id % 1000 == 4)
                    {
                        yield return File(name + ".new", "new " + id);
                    }
                }
            }
        }

        private static IEnumerable<BaselineEntry> Sorted(bool changed)
        {
            // Sorting a folder's worth at a time keeps the generator streaming.
            foreach (IGrouping<string, BaselineEntry> folder in Synthetic(changed).GroupBy(e => e.Path.Split('/')[0]))
            {
                List<BaselineEntry> list = folder.ToList();
                list.Sort(BaselineOrder.Instance);
                foreach (BaselineEntry entry in list)
                {
                    yield return entry;
                }
            }
        }

        [Fact]
        public void TwoHundredThousandEntriesCompareWithBoundedMemory()
        {
            string before = _temp.Combine("before.scbl");
            string after = _temp.Combine("after.scbl");
            string digest = Write(before, Header(), Sorted(false));
            Write(after, Header(), Sorted(true));

            BaselineVerification verification = BaselineTrust.Verify(before, null);
            Assert.Equal(EntryCount + 400, verification.EntryCount);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            long start = GC.GetTotalMemory(forceFullCollection: true);
            long peak = 0;
            long pairs = 0;
            var comparer = new BaselineComparer(digest, new[] { "SHA256" }, new[] { "/opt/app" }, compareFileIdentity: true);
            var counts = new Dictionary<string, int>();
            using (BaselineReader left = BaselineReader.Open(before))
            using (BaselineReader right = BaselineReader.Open(after))
            {
                IEnumerable<BaselinePair> joined = BaselineScanner.Join(left.ReadEntries(), right.ReadEntries()).Select(pair =>
                {
                    if (++pairs % 25_000 == 0)
                    {
                        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - start);
                    }

                    return pair;
                });
                foreach (BaselineChange change in comparer.Compare(joined))
                {
                    counts[change.Change] = counts.TryGetValue(change.Change, out int n) ? n + 1 : 1;
                }

                Assert.Equal(digest, left.Digest);
            }

            Assert.Equal(200, counts["Removed"]);
            Assert.Equal(200, counts["Moved"]);
            Assert.Equal(200, counts["ContentChanged"]);
            Assert.Equal(200, counts["Added"]);
            Assert.Equal(4, counts.Count);
            // 200,000 entries as objects would take well over 100 MB; the merge holds a few hundred.
            Assert.True(peak < 16 * 1024 * 1024, $"The comparison retained {peak / 1024 / 1024} MB.");
        }
    }

    public sealed class BaselineScannerTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private static string RuntimeDll => typeof(object).Assembly.Location;

        private static AuthenticodeVerifier Verifier()
        {
            return new AuthenticodeVerifier(new AuthenticodeOptions { UseOperatingSystemTrust = true });
        }

        private List<BaselinePair> Scan(string root, IEnumerable<BaselineEntry>? reference = null, bool quick = false) =>
            BaselineScanner.Scan(new[] { root }, new BaselineScanOptions { DegreeOfParallelism = 2, Quick = quick, Verifier = Verifier() }, reference, CancellationToken.None).ToList();

        [Fact]
        public void CapturesTypesModesLinksHashesAndPeFacts()
        {
            string root = _temp.Combine("tree");
            _temp.WriteFile("tree/a.txt", "alpha");
            _temp.WriteFile("tree/sub/b.txt", "beta");
            System.IO.File.Copy(RuntimeDll, Path.Combine(root, "corelib.dll"));
            System.IO.File.CreateSymbolicLink(Path.Combine(root, "sub", "loop"), root);
            if (OperatingSystem.IsLinux())
            {
                Unix.MakeFifo(Path.Combine(root, "pipe"));
            }

            List<BaselineEntry> entries = Scan(root).Select(p => p.Current!).ToList();
            BaselineEntry text = entries.Single(e => e.Path == "a.txt");
            Assert.Equal(BaselineEntryType.File, text.Type);
            Assert.Equal(Hash("alpha"), text.GetHash("SHA256"));
            Assert.Equal(5, text.Size);
            Assert.Null(text.Signer);

            BaselineEntry loop = entries.Single(e => e.Path == "sub/loop");
            Assert.Equal(BaselineEntryType.SymbolicLink, loop.Type);
            Assert.Equal(root, loop.LinkTarget);
            Assert.DoesNotContain(entries, e => e.Path.StartsWith("sub/loop/", StringComparison.Ordinal));
            Assert.Equal(BaselineEntryType.Directory, entries.Single(e => e.Path == "sub").Type);

            BaselineEntry pe = entries.Single(e => e.Path == "corelib.dll");
            Assert.NotNull(pe.Signer);
            Assert.NotEqual(AuthenticodeStatus.NotSupportedFileFormat, pe.Signer!.Status);
            var info = FileVersionInfo.GetVersionInfo(RuntimeDll);
            Assert.Equal($"{info.FileMajorPart}.{info.FileMinorPart}.{info.FileBuildPart}.{info.FilePrivatePart}", pe.Version?.FileVersionNumber);
            Assert.Equal(info.CompanyName, pe.Version?.CompanyName);
            Assert.Equal(info.ProductVersion, pe.Version?.ProductVersion);

            if (OperatingSystem.IsLinux())
            {
                BaselineEntry pipe = entries.Single(e => e.Path == "pipe");
                Assert.Equal(BaselineEntryType.NamedPipe, pipe.Type);
                Assert.Empty(pipe.Hashes);
                Assert.NotNull(text.Mode);
                Assert.NotNull(text.Inode);
                Assert.NotNull(text.ChangeTimeUtc);
            }
        }

        [Fact]
        public void QuickReusesUnchangedFilesButCtimeExposesARestoredMtime()
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            string root = _temp.Combine("quick");
            string same = _temp.WriteFile("quick/same.bin", "unchanged");
            string edited = _temp.WriteFile("quick/edited.bin", "original");
            List<BaselineEntry> reference = Scan(root).Select(p => p.Current!).ToList();

            DateTime mtime = System.IO.File.GetLastWriteTimeUtc(edited);
            Thread.Sleep(20);
            System.IO.File.WriteAllText(edited, "tampered");
            System.IO.File.SetLastWriteTimeUtc(edited, mtime);

            List<BaselinePair> pairs = Scan(root, reference, quick: true);
            BaselinePair unchanged = pairs.Single(p => p.Current!.Path == "same.bin");
            BaselinePair changed = pairs.Single(p => p.Current!.Path == "edited.bin");
            Assert.True(unchanged.Reused);
            Assert.Equal(0, unchanged.BytesRead);
            Assert.False(changed.Reused);
            Assert.Equal(Hash("tampered"), changed.Current!.GetHash("SHA256"));

            var comparer = new BaselineComparer("D", new[] { "SHA256" }, new[] { root }, true);
            Assert.Equal(new[] { "edited.bin=ContentChanged" }, comparer.Compare(pairs).Select(c => c.RelativePath + "=" + c.Change));
            Assert.Equal(1, comparer.HashesReused);
        }

        [Fact]
        public void AFileGrowingDuringTheScanIsNeverRecordedWithAMismatchedSizeAndHash()
        {
            string root = _temp.Combine("growing");
            string path = _temp.WriteFile("growing/log.txt", "start\n");
            for (int i = 0; i < 50; i++)
            {
                _temp.WriteFile($"growing/f{i:D2}.txt", "still " + i);
            }

            using var stop = new CancellationTokenSource();
            var writer = new Thread(() =>
            {
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                while (!stop.IsCancellationRequested)
                {
                    stream.Write(new byte[] { (byte)'x' }, 0, 1);
                    stream.Flush();
                    Thread.Sleep(1);
                }
            });
            writer.Start();
            List<BaselineEntry> entries;
            try
            {
                Thread.Sleep(20);
                entries = Scan(root).Select(p => p.Current!).ToList();
            }
            finally
            {
                stop.Cancel();
                writer.Join();
            }

            BaselineEntry log = entries.Single(e => e.Path == "log.txt");
            if (log.Error != null)
            {
                Assert.Contains("changed while it was being read", log.Error, StringComparison.Ordinal);
                Assert.Empty(log.Hashes);
            }
            else
            {
                // Append-only: what was read is the file's first Size bytes.
                byte[] prefix = System.IO.File.ReadAllBytes(path).Take((int)log.Size!.Value).ToArray();
                Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(prefix)), log.GetHash("SHA256"));
            }

            Assert.Equal(51, entries.Count(e => e.IsFile && e.Error == null) + (log.Error != null ? 1 : 0));
        }

        [Fact]
        public void AFileThatVanishesBeforeItIsReadIsReportedNotRecorded()
        {
            string root = _temp.Combine("vanish");
            string path = _temp.WriteFile("vanish/gone.txt", "here a moment ago");
            BaselineEntry listed = BaselineScanner.Stat(0, "gone.txt", path, isDirectoryHint: false);
            System.IO.File.Delete(path);

            BaselinePair pair = BaselineScanner.Complete(new BaselinePair(null, listed, root), new BaselineScanOptions(), CancellationToken.None);
            Assert.Null(pair.Current);
            Assert.Contains("removed while the tree was being scanned", pair.Vanished, StringComparison.Ordinal);
        }

        [Fact]
        public void AFileThatCannotBeOpenedIsRecordedWithAnError()
        {
            // Running as root, permissions cannot make a file unreadable; a path that turned into a folder after
            // it was listed fails to open the same way (EISDIR / access denied) and must not be dropped either.
            string root = _temp.Combine("unreadable");
            string path = _temp.WriteFile("unreadable/file.bin", "content");
            BaselineEntry listed = BaselineScanner.Stat(0, "file.bin", path, isDirectoryHint: false);
            System.IO.File.Delete(path);
            System.IO.Directory.CreateDirectory(path);

            BaselinePair pair = BaselineScanner.Complete(new BaselinePair(null, listed, root), new BaselineScanOptions(), CancellationToken.None);
            Assert.NotNull(pair.Current);
            Assert.StartsWith("It could not be read", pair.Current!.Error, StringComparison.Ordinal);
            Assert.Empty(pair.Current.Hashes);
        }

        [Fact]
        public void VersionParserRefusesGarbageQuietly()
        {
            Assert.Null(PeVersionInfo.TryRead(new MemoryStream(new byte[] { (byte)'M', (byte)'Z', 0, 0 })));
            Assert.Null(PeVersionInfo.TryRead(new MemoryStream(new byte[4096])));
            var random = new Random(3);
            byte[] noise = new byte[8192];
            random.NextBytes(noise);
            noise[0] = (byte)'M';
            noise[1] = (byte)'Z';
            BitConverter.GetBytes(64).CopyTo(noise, 0x3C);
            noise[64] = (byte)'P';
            noise[65] = (byte)'E';
            noise[66] = 0;
            noise[67] = 0;
            Assert.Null(PeVersionInfo.TryRead(new MemoryStream(noise)));
        }
    }
}
