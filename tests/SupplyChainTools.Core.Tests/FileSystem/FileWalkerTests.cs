using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SupplyChainTools.Core.FileSystem;
using Xunit.Abstractions;

namespace SupplyChainTools.Core.Tests.FileSystem
{
    public sealed class FileWalkerTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();
        private readonly ITestOutputHelper _output;

        public FileWalkerTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public void Dispose() => _temp.Dispose();

        private string Root => _temp.Combine("root");

        private void BuildTree()
        {
            // Created out of order on purpose: the walk must not depend on creation or directory order.
            foreach (string file in new[] { "c/m.txt", "b.txt", "a/z.txt", "Z.txt", "a/deep/k.txt", "_x.txt", "a/y.txt", "a.txt", "notes.log", "a/skip.log" })
            {
                _temp.WriteFile("root/" + file, file);
            }
        }

        private string Relative(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

        private List<string> FileList(FileWalkOptions options)
            => FileWalker.Walk(Root, options).Where(e => e.Kind == WalkEntryKind.File).Select(e => Relative(e.Path)).ToList();

        [Fact]
        public void Recurse_OrdinalOrder_FilesOfAFolderThenItsSubfoldersDepthFirst()
        {
            BuildTree();

            List<WalkEntry> entries = FileWalker.Walk(Root, new FileWalkOptions { Recurse = true }).ToList();

            Assert.All(entries, e => Assert.Equal(WalkEntryKind.File, e.Kind));
            Assert.All(entries, e => Assert.True(Path.IsPathFullyQualified(e.Path)));
            Assert.Equal(
                new[] { "Z.txt", "_x.txt", "a.txt", "b.txt", "notes.log", "a/skip.log", "a/y.txt", "a/z.txt", "a/deep/k.txt", "c/m.txt" },
                entries.Select(e => Relative(e.Path)));
        }

        [Fact]
        public void Walk_IsDeterministic()
        {
            BuildTree();
            var options = new FileWalkOptions { Recurse = true };

            List<string> first = FileList(options);
            List<string> second = FileList(options);

            Assert.Equal(first, second);
        }

        [Fact]
        public void NoRecurse_OnlyTheRootFiles()
        {
            BuildTree();

            List<string> files = FileList(new FileWalkOptions { Recurse = false });

            Assert.Equal(new[] { "Z.txt", "_x.txt", "a.txt", "b.txt", "notes.log" }, files);
        }

        [Fact]
        public void FileNameFilter_SeesNamesNotPaths_AndRejectedFilesLeaveNoEntry()
        {
            BuildTree();
            var seen = new List<string>();

            List<WalkEntry> entries = FileWalker.Walk(Root, new FileWalkOptions
            {
                Recurse = true,
                FileNameFilter = name =>
                {
                    seen.Add(name);
                    return name.EndsWith(".txt", StringComparison.Ordinal);
                },
            }).ToList();

            Assert.Equal(new[] { "Z.txt", "_x.txt", "a.txt", "b.txt", "a/y.txt", "a/z.txt", "a/deep/k.txt", "c/m.txt" }, entries.Select(e => Relative(e.Path)));
            Assert.All(entries, e => Assert.Equal(WalkEntryKind.File, e.Kind));
            Assert.DoesNotContain(seen, name => name.Contains('/') || name.Contains('\\'));
            Assert.DoesNotContain("a", seen); // directories are not filtered by name
        }

        [Fact]
        public void EmptyDirectory_YieldsNothing()
        {
            Directory.CreateDirectory(Root);

            Assert.Empty(FileWalker.Walk(Root, new FileWalkOptions { Recurse = true }));
        }

        [Fact]
        public void MissingRoot_YieldsOneErrorEntry()
        {
            List<WalkEntry> entries = FileWalker.Walk(Root, new FileWalkOptions { Recurse = true }).ToList();

            WalkEntry entry = Assert.Single(entries);
            Assert.Equal(WalkEntryKind.Error, entry.Kind);
            Assert.NotNull(entry.Error);
        }

        [Fact]
        public void Cancellation_StopsTheWalk()
        {
            BuildTree();
            using var cts = new CancellationTokenSource();
            cts.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() => FileWalker.Walk(Root, new FileWalkOptions { Recurse = true }, cts.Token).ToList());
        }

        [UnixFact]
        public void SymlinkToDirectory_SkippedByDefault_FollowedWhenAsked_Unix()
        {
            _temp.WriteFile("root/plain.txt", "p");
            _temp.WriteFile("outside/o.txt", "o");
            Directory.CreateSymbolicLink(_temp.Combine("root", "link"), _temp.Combine("outside"));

            List<WalkEntry> byDefault = FileWalker.Walk(Root, new FileWalkOptions { Recurse = true }).ToList();
            List<WalkEntry> followed = FileWalker.Walk(Root, new FileWalkOptions { Recurse = true, FollowDirectoryLinks = true }).ToList();
            List<WalkEntry> flat = FileWalker.Walk(Root, new FileWalkOptions { Recurse = false }).ToList();

            Assert.Equal(new[] { "link", "plain.txt" }, byDefault.Select(e => Relative(e.Path)));
            Assert.Equal(WalkEntryKind.Skipped, byDefault[0].Kind);
            Assert.Contains("symbolic link", byDefault[0].Reason!, StringComparison.Ordinal);
            Assert.Equal(WalkEntryKind.File, byDefault[1].Kind);

            Assert.Equal(new[] { "plain.txt", "link/o.txt" }, followed.Select(e => Relative(e.Path)));
            Assert.All(followed, e => Assert.Equal(WalkEntryKind.File, e.Kind));

            Assert.Equal(new[] { "plain.txt" }, flat.Select(e => Relative(e.Path)));
        }

        [UnixFact]
        public void SymlinkToFile_IsAFile_Unix()
        {
            string target = _temp.WriteFile("target.txt", "t");
            Directory.CreateDirectory(Root);
            File.CreateSymbolicLink(_temp.Combine("root", "file-link.txt"), target);

            WalkEntry entry = Assert.Single(FileWalker.Walk(Root, new FileWalkOptions()));

            Assert.Equal(WalkEntryKind.File, entry.Kind);
            Assert.Equal("file-link.txt", Relative(entry.Path));
        }

        [UnixFact]
        public async Task SymlinkLoop_IsNeverWalkedTwice_AndTheWalkEnds_Unix()
        {
            _temp.WriteFile("root/top.txt", "t");
            _temp.WriteFile("root/dir/inner.txt", "i");
            Directory.CreateSymbolicLink(_temp.Combine("root", "dir", "link"), "..");

            foreach (bool follow in new[] { false, true })
            {
                var options = new FileWalkOptions { Recurse = true, FollowDirectoryLinks = follow };
                List<WalkEntry> entries = await Task.Run(() => FileWalker.Walk(Root, options).Take(1000).ToList()).WaitAsync(TimeSpan.FromSeconds(10));

                Assert.True(entries.Count < 1000, "The walk did not terminate.");
                List<string> files = entries.Where(e => e.Kind == WalkEntryKind.File).Select(e => Relative(e.Path)).ToList();
                Assert.Equal(new[] { "top.txt", "dir/inner.txt" }, files);
                WalkEntry skipped = Assert.Single(entries, e => e.Kind == WalkEntryKind.Skipped);
                Assert.Equal("dir/link", Relative(skipped.Path));
            }
        }

        [UnixFact]
        public void TwoLinksToTheSameDirectory_WalkedOnce_Unix()
        {
            _temp.WriteFile("outside/o.txt", "o");
            Directory.CreateDirectory(Root);
            Directory.CreateSymbolicLink(_temp.Combine("root", "l1"), _temp.Combine("outside"));
            Directory.CreateSymbolicLink(_temp.Combine("root", "l2"), _temp.Combine("outside"));

            List<WalkEntry> entries = FileWalker.Walk(Root, new FileWalkOptions { Recurse = true, FollowDirectoryLinks = true }).ToList();

            Assert.Equal(new[] { "l1/o.txt" }, entries.Where(e => e.Kind == WalkEntryKind.File).Select(e => Relative(e.Path)));
            Assert.Equal(new[] { "l2" }, entries.Where(e => e.Kind == WalkEntryKind.Skipped).Select(e => Relative(e.Path)));
        }

        // BUG (FileWalker.Walk): the dangling-link test is `targetKind == Unknown && !File.Exists(..) && !Directory.Exists(..)`,
        // but on Unix File.Exists returns true for a dangling symbolic link (it reports the link itself), so the link is
        // yielded as a File entry and only fails later, when hashed, with a generic "Could not find file" error.
        [UnixFact]
        public void DanglingSymlink_IsAnErrorEntry_Unix()
        {
            _temp.WriteFile("root/ok.txt", "ok");
            File.CreateSymbolicLink(_temp.Combine("root", "dangling.txt"), _temp.Combine("nowhere.txt"));

            List<WalkEntry> entries = FileWalker.Walk(Root, new FileWalkOptions { Recurse = true }).ToList();

            Assert.Equal(new[] { "dangling.txt", "ok.txt" }, entries.Select(e => Relative(e.Path)));
            WalkEntry dangling = entries[0];
            Assert.Equal(WalkEntryKind.Error, dangling.Kind);
            Assert.IsType<FileNotFoundException>(dangling.Error);
            Assert.Contains("nowhere.txt", dangling.Reason!, StringComparison.Ordinal);
            Assert.Equal(WalkEntryKind.File, entries[1].Kind);
        }

        [UnixFact]
        public void SymlinkLoop_IsALoopError_NotALinkToSomethingMissing()
        {
            _temp.WriteFile("root/ok.txt", "ok");
            File.CreateSymbolicLink(_temp.Combine("root", "loopA"), "loopB");
            File.CreateSymbolicLink(_temp.Combine("root", "loopB"), "loopA");

            List<WalkEntry> entries = FileWalker.Walk(Root, new FileWalkOptions { Recurse = true }).ToList();

            Assert.Equal(new[] { "loopA", "loopB", "ok.txt" }, entries.Select(e => Relative(e.Path)));
            Assert.All(entries.Take(2), e => Assert.IsType<SymbolicLinkLoopException>(e.Error));
            Assert.All(entries.Take(2), e => Assert.DoesNotContain("does not exist", e.Reason!, StringComparison.Ordinal));
        }

        [UnixFact]
        public void DanglingSymlink_FilteredOutByName_LeavesNoEntry_Unix()
        {
            Directory.CreateDirectory(Root);
            File.CreateSymbolicLink(_temp.Combine("root", "dangling.log"), _temp.Combine("nowhere.log"));

            Assert.Empty(FileWalker.Walk(Root, new FileWalkOptions { FileNameFilter = n => n.EndsWith(".txt", StringComparison.Ordinal) }));
        }

        [LinuxFact(Timeout = 20000)]
        public async Task Fifo_InTheTree_IsSkipped_WithoutBlocking_Linux()
        {
            _temp.WriteFile("root/a.txt", "a");
            Directory.CreateDirectory(_temp.Combine("root", "sub"));
            Unix.MakeFifo(_temp.Combine("root", "sub", "pipe"));

            List<WalkEntry> entries = await Task.Run(() => FileWalker.Walk(Root, new FileWalkOptions { Recurse = true }).ToList()).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(new[] { "a.txt", "sub/pipe" }, entries.Select(e => Relative(e.Path)));
            Assert.Equal(WalkEntryKind.Skipped, entries[1].Kind);
            Assert.Contains("named pipe", entries[1].Reason!, StringComparison.Ordinal);
        }

        [LinuxFact]
        public void CharacterDeviceBehindASymlink_IsSkipped_Linux()
        {
            Directory.CreateDirectory(Root);
            File.CreateSymbolicLink(_temp.Combine("root", "null-link"), "/dev/null");

            WalkEntry entry = Assert.Single(FileWalker.Walk(Root, new FileWalkOptions()));

            Assert.Equal(WalkEntryKind.Skipped, entry.Kind);
            Assert.Contains("character device", entry.Reason!, StringComparison.Ordinal);
        }
    }
}
