using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Core.FileSystem;
using Xunit;
using static SupplyChainTools.Core.Tests.Baselines.BaselineTestData;

namespace SupplyChainTools.Core.Tests.FileSystem
{
    public sealed class TemporaryFilesTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private string[] Leftovers(string targetName) =>
            System.IO.Directory.GetFiles(_temp.Path).Select(System.IO.Path.GetFileName).Where(n => n!.StartsWith("." + targetName + ".tmp-", StringComparison.Ordinal)).ToArray()!;

        [Fact]
        public void TheNameCarriesTheProcessIdAndTheNamePrefixIsTheOneTheFilterUses()
        {
            string target = _temp.Combine("app.scbl");
            using (FileStream stream = TemporaryFiles.Create(target, out string temporary))
            {
                string name = System.IO.Path.GetFileName(temporary);
                Assert.Matches(@"^\.app\.scbl\.tmp-" + Environment.ProcessId + "-[0-9a-f]{8}$", name);
                Assert.True(TemporaryFiles.IsTemporaryNameOf("app.scbl", name));
                Assert.False(TemporaryFiles.IsTemporaryNameOf("app.scbl", "app.scbl"));
            }
        }

        [Fact]
        public void AFailedRenameDeletesTheCompleteTemporaryFile()
        {
            string folderAsTarget = _temp.Combine("out.scbl");
            System.IO.Directory.CreateDirectory(folderAsTarget);
            var writer = new BaselineWriter(folderAsTarget, Header());
            writer.Write(File("a.txt", "a"));
            Assert.ThrowsAny<IOException>(() => writer.Complete());
            writer.Dispose();
            Assert.Empty(Leftovers("out.scbl"));
        }

        [Fact]
        public void AWriterDisposedUnfinishedLeavesNothing()
        {
            string target = _temp.Combine("out.scbl");
            using (var writer = new BaselineWriter(target, Header()))
            {
                writer.Write(File("a.txt", "a"));
                Assert.Single(Leftovers("out.scbl"));
            }

            Assert.Empty(Leftovers("out.scbl"));
            Assert.False(System.IO.File.Exists(target));
        }

        [Fact]
        public void RemoveStaleDeletesOnlyOurNamesOfProcessesThatNoLongerRun()
        {
            string target = _temp.Combine("out.scbl");
            int dead = DeadProcessId();
            using Process sleeper = StartSleeper();
            try
            {
                AssertStaleRemoval(target, dead, sleeper.Id);
            }
            finally
            {
                sleeper.Kill();
            }
        }

        private void AssertStaleRemoval(string target, int dead, int running)
        {
            string killed = _temp.WriteFile($".out.scbl.tmp-{dead}-0123abcd", "half");
            string killedSignature = _temp.WriteFile($".out.scbl.p7s.tmp-{dead}-0123abcd", "half");
            string busy = _temp.WriteFile($".out.scbl.tmp-{running}-0123abcd", "being written");
            string foreign = _temp.WriteFile(".out.scbl.tmp-b149ff5c", "old name");
            string otherTarget = _temp.WriteFile($".other.scbl.tmp-{dead}-0123abcd", "not this target");

            var warnings = TemporaryFiles.RemoveStale(target);

            Assert.False(System.IO.File.Exists(killed));
            Assert.True(System.IO.File.Exists(killedSignature));
            Assert.True(System.IO.File.Exists(busy));
            Assert.True(System.IO.File.Exists(foreign));
            Assert.True(System.IO.File.Exists(otherTarget));
            Assert.Equal(2, warnings.Count);
            Assert.Contains(warnings, w => w.Contains(busy, StringComparison.Ordinal) && w.Contains($"process {running}", StringComparison.Ordinal));
            Assert.Contains(warnings, w => w.Contains(foreign, StringComparison.Ordinal) && w.Contains("left in place", StringComparison.Ordinal));

            using (var writer = new BaselineWriter(target, Header()))
            {
                Assert.False(System.IO.File.Exists(killedSignature));
                Assert.Equal(2, writer.LeftInPlace.Count);
            }
        }

        [Fact]
        public void RemoveStaleLeavesTheFilesThisProcessIsWriting()
        {
            string target = _temp.Combine("out.scbl");
            using (var writer = new BaselineWriter(target, Header()))
            {
                Assert.Empty(TemporaryFiles.RemoveStale(target));
                Assert.Single(Leftovers("out.scbl"));
            }
        }

        private static Process StartSleeper() => OperatingSystem.IsWindows()
            ? Process.Start(new ProcessStartInfo("ping", "-n 120 127.0.0.1") { UseShellExecute = false, RedirectStandardOutput = true })!
            : Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;

        private static int DeadProcessId()
        {
            using Process process = Process.Start(new ProcessStartInfo("dotnet", "--version") { UseShellExecute = false, RedirectStandardOutput = true })!;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.Id;
        }
    }
}
