using System;
using System.IO;
using SupplyChainTools.Core.FileSystem;
using Xunit.Abstractions;

namespace SupplyChainTools.Core.Tests.FileSystem
{
    public sealed class FileStatusTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();
        private readonly ITestOutputHelper _output;

        public FileStatusTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public void Dispose() => _temp.Dispose();

        [LinuxFact]
        public void IsSupported_OnLinux()
        {
            Assert.True(FileStatus.IsSupported);
        }

        [LinuxFact]
        public void RegularFile_KindLengthInodeTimes_Linux()
        {
            DateTime before = DateTime.UtcNow.AddMinutes(-1);
            string path = _temp.WriteFile("f.bin", new byte[12345]);
            var stamp = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234500);
            File.SetLastWriteTimeUtc(path, stamp);

            FileStatus? status = FileStatus.TryGet(path, followLinks: false);

            Assert.NotNull(status);
            Assert.Equal(FileKind.RegularFile, status!.Kind);
            Assert.Equal(12345, status.Length);
            Assert.NotEqual(0, status.Inode);
            Assert.NotEqual(0, status.Device);
            Assert.Equal(stamp, status.LastWriteTimeUtc);
            Assert.Equal(DateTimeKind.Utc, status.LastWriteTimeUtc.Kind);
            Assert.Equal(DateTimeKind.Utc, status.ChangeTimeUtc.Kind);
            Assert.InRange(status.ChangeTimeUtc, before, DateTime.UtcNow.AddMinutes(1)); // ctime moves on every change, so it is now
        }

        [LinuxFact]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public void Mode_IsThePermissionBits_Linux()
        {
            string path = _temp.WriteFile("m.bin", "m");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

            FileStatus status = FileStatus.TryGet(path, followLinks: true)!;

            Assert.Equal(Convert.ToInt32("640", 8), status.Mode);
        }

        [LinuxFact]
        public void Inode_DiffersBetweenFiles_AndIsStableForOneFile_Linux()
        {
            string a = _temp.WriteFile("a", "a");
            string b = _temp.WriteFile("b", "b");

            Assert.NotEqual(FileStatus.TryGet(a, true)!.Inode, FileStatus.TryGet(b, true)!.Inode);
            Assert.Equal(FileStatus.TryGet(a, true)!.Inode, FileStatus.TryGet(a, false)!.Inode);
        }

        [LinuxFact]
        public void DirectorySymlinkFifoAndMissing_Linux()
        {
            string dir = _temp.Combine("d");
            Directory.CreateDirectory(dir);
            string target = _temp.WriteFile("t.txt", "t");
            string link = _temp.Combine("l");
            File.CreateSymbolicLink(link, target);
            string fifo = _temp.Combine("p");
            Unix.MakeFifo(fifo);

            Assert.Equal(FileKind.Directory, FileStatus.TryGet(dir, false)!.Kind);
            Assert.Equal(FileKind.SymbolicLink, FileStatus.TryGet(link, followLinks: false)!.Kind);
            Assert.Equal(FileKind.RegularFile, FileStatus.TryGet(link, followLinks: true)!.Kind);
            Assert.Equal(FileKind.NamedPipe, FileStatus.TryGet(fifo, false)!.Kind);
            Assert.Equal(FileKind.CharacterDevice, FileStatus.TryGet("/dev/null", true)!.Kind);
            Assert.Null(FileStatus.TryGet(_temp.Combine("missing"), true));

            Assert.Equal(FileKind.NamedPipe, FileStatus.GetKindFollowingLinks(fifo));
            Assert.Equal(FileKind.RegularFile, FileStatus.GetKindFollowingLinks(link));
            Assert.Equal(FileKind.Directory, FileStatus.GetKindFollowingLinks(dir));
        }

        [Fact]
        public void GetKindFollowingLinks_MissingIsUnknown_OnEveryOS()
        {
            Assert.Equal(FileKind.Unknown, FileStatus.GetKindFollowingLinks(_temp.Combine("missing")));
            Assert.Equal(FileKind.Directory, FileStatus.GetKindFollowingLinks(_temp.Path));
            Assert.Equal(FileKind.RegularFile, FileStatus.GetKindFollowingLinks(_temp.WriteFile("x", "x")));
        }
    }
}
