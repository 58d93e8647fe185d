using System;
using System.IO;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Tests.FileSystem
{
    public sealed class RealPathTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void PlainPath_ResolvesToItself()
        {
            string file = Path.Combine(_temp.Path, "a", "b.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "x");
            Assert.Equal(Path.GetFullPath(file), RealPath.Resolve(file));
            Assert.True(RealPath.IsInside(RealPath.Resolve(_temp.Path), RealPath.Resolve(file)));
        }

        [Fact]
        public void LinkInsideFolder_ToOutside_IsNotInside()
        {
            if (OperatingSystem.IsWindows())
            {
                return; // symbolic links need privileges on Windows
            }

            string folder = Path.Combine(_temp.Path, "manifest-folder");
            string outside = Path.Combine(_temp.Path, "outside");
            Directory.CreateDirectory(folder);
            Directory.CreateDirectory(outside);
            File.WriteAllText(Path.Combine(outside, "secret.txt"), "s");
            Directory.CreateSymbolicLink(Path.Combine(folder, "etc"), outside);

            string resolved = RealPath.Resolve(Path.Combine(folder, "etc", "secret.txt"));
            Assert.Equal(Path.Combine(RealPath.Resolve(outside), "secret.txt"), resolved);
            Assert.False(RealPath.IsInside(RealPath.Resolve(folder), resolved));
        }

        [Fact]
        public void RelativeLinkChain_AndMissingTail_Resolve()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            string real = Path.Combine(_temp.Path, "real");
            Directory.CreateDirectory(real);
            Directory.CreateSymbolicLink(Path.Combine(_temp.Path, "hop1"), "hop2");
            Directory.CreateSymbolicLink(Path.Combine(_temp.Path, "hop2"), "real");
            string resolved = RealPath.Resolve(Path.Combine(_temp.Path, "hop1", "not-yet", "file"));
            Assert.Equal(Path.Combine(RealPath.Resolve(real), "not-yet", "file"), resolved);
        }

        [Fact]
        public void LinkLoop_IsAnIOException()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            Directory.CreateSymbolicLink(Path.Combine(_temp.Path, "x"), "y");
            Directory.CreateSymbolicLink(Path.Combine(_temp.Path, "y"), "x");
            Assert.IsType<SymbolicLinkLoopException>(Assert.ThrowsAny<IOException>(() => RealPath.Resolve(Path.Combine(_temp.Path, "x", "f"))));
        }

        [Fact]
        public void SiblingWithCommonPrefix_IsNotInside()
        {
            Assert.False(RealPath.IsInside("/data/app", "/data/app-evil/x"));
            Assert.True(RealPath.IsInside("/data/app", "/data/app/x"));
            Assert.True(RealPath.IsInside("/", "/etc/passwd"));
        }
    }
}
