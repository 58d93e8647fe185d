using System.IO;
using System.Linq;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Python;
using static SupplyChainTools.Core.Tests.Dependencies.AuditHelper;

namespace SupplyChainTools.Core.Tests.Dependencies.Python
{
    public class PythonLockFileAuditorTests
    {
        private static readonly string Uv = Fixture("python-locks", "uv.lock");
        private static readonly string Poetry = Fixture("python-locks", "poetry.lock");

        [Theory]
        [InlineData("uv.lock", "internal-tool", 13)]
        [InlineData("poetry.lock", "vendored", 14)]
        public void IndexPackagesWithoutAHashAreReported(string lockFile, string package, int line) =>
            Assert.Equal(line, Single(Audit(new PythonLockFileAuditor(), Fixture("python-locks", lockFile)), "PyPI/LockEntryWithoutHash", package).Line);

        [Theory]
        [InlineData("uv.lock", "patched-lib", 19)]
        [InlineData("poetry.lock", "forked", 27)]
        public void GitPackagesAreReported(string lockFile, string package, int line) =>
            Assert.Equal(line, Single(Audit(new PythonLockFileAuditor(), Fixture("python-locks", lockFile)), "PyPI/LockGitSource", package).Line);

        [Theory]
        [InlineData("uv.lock", "certifi")]
        [InlineData("uv.lock", "app")]
        [InlineData("poetry.lock", "idna")]
        public void HashedAndProjectPackagesHaveNoFinding(string lockFile, string package) =>
            None(Audit(new PythonLockFileAuditor(), Fixture("python-locks", lockFile)), package);

        [Fact]
        public void AMalformedLockFileIsOneErrorWithItsLine()
        {
            string path = Path.Combine(Path.GetTempPath(), "sct-" + Path.GetRandomFileName(), "uv.lock");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                File.WriteAllText(path, "version = 1\n\n[[package]]\nname = \"x\nversion = \"1\"\n");
                var error = Assert.Throws<DependencyFileFormatException>(() => new PythonLockFileAuditor().Audit(new DependencyFile(path, "uv.lock"), new DependencyAuditOptions(), default).ToList());
                Assert.Equal(path, error.Path);
                Assert.NotNull(error.Line);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(path)!, true);
            }
        }
    }
}
