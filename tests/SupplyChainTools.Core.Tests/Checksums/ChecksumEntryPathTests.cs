using System;
using System.IO;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.FileSystem;
using Xunit;

namespace SupplyChainTools.Core.Tests.Checksums
{
    public sealed class ChecksumEntryPathTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        [Fact]
        public void Check_Empty_Refused()
        {
            Assert.NotNull(ChecksumEntryPath.Check(string.Empty));
        }

        [Fact]
        public void Resolve_StaysUnderTheBase_AndTreatsBackslashAsSeparator()
        {
            string baseDir = _temp.Path;

            Assert.Equal(Path.Combine(baseDir, "docs", "readme.txt"), ChecksumEntryPath.Resolve(baseDir, "docs/readme.txt"));
            Assert.Equal(Path.Combine(baseDir, "docs", "readme.txt"), ChecksumEntryPath.Resolve(baseDir, "docs\\readme.txt"));
            Assert.Equal(Path.Combine(baseDir, "a.txt"), ChecksumEntryPath.Resolve(baseDir, "./a.txt"));
        }

        [Fact]
        public void CheckStaysInside_APlainFileInside_Passes()
        {
            string file = _temp.WriteFile("app/a.txt", "a");

            Assert.Null(ChecksumEntryPath.CheckStaysInside(RealPath.Resolve(_temp.Combine("app")), file));
        }

        [UnixFact]
        public void CheckStaysInside_ALinkOutOfTheBase_IsRefusedAndNamesTheTarget()
        {
            string outside = _temp.WriteFile("secret.txt", "s");
            Directory.CreateDirectory(_temp.Combine("app"));
            File.CreateSymbolicLink(_temp.Combine("app", "link.txt"), outside);

            string? refusal = ChecksumEntryPath.CheckStaysInside(RealPath.Resolve(_temp.Combine("app")), _temp.Combine("app", "link.txt"));

            Assert.NotNull(refusal);
            Assert.Contains("symbolic link", refusal);
            Assert.Contains(RealPath.Resolve(outside), refusal);
        }
    }
}
