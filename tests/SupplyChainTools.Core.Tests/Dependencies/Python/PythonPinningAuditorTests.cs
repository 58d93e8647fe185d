using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Python;
using static SupplyChainTools.Core.Tests.Dependencies.AuditHelper;

namespace SupplyChainTools.Core.Tests.Dependencies.Python
{
    public class PythonPinningAuditorTests
    {
        private static readonly string Mixed = Fixture("python", "requirements.txt");

        [Theory]
        [InlineData("exactpkg")]
        [InlineData("arbitrary-eq")]
        [InlineData("extras-pkg")]
        [InlineData("marker-pkg")]
        [InlineData("vcs-pinned")]
        [InlineData("url-pkg")]
        public void PinnedRequirementsHaveNoFinding(string package) => None(Audit(new PythonPinningAuditor(), Mixed), package);

        [Theory]
        [InlineData("compatible", 9)]
        [InlineData("lowerbound", 10)]
        [InlineData("range", 11)]
        [InlineData("wildcard", 12)]
        [InlineData("unpinned", 13)]
        public void UnpinnedRequirementsAreReported(string package, int line) =>
            Assert.Equal(line, Single(Audit(new PythonPinningAuditor(), Mixed), "PyPI/UnpinnedRequirement", package).Line);

        [Fact]
        public void EditableVcsRequirementByBranchIsReported()
        {
            var finding = Single(Audit(new PythonPinningAuditor(), Mixed), "PyPI/VcsReference", "editable");
            Assert.Equal(16, finding.Line);
            Assert.Contains("'main'", finding.Message);
        }

        [Fact]
        public void FileWithoutHashesHasHashCheckingOff() =>
            Assert.Equal(7, Single(Audit(new PythonPinningAuditor(), Mixed), "PyPI/HashCheckingOff", null).Line);

        [Fact]
        public void LocalWheelHasNoFinding() => None(Audit(new PythonPinningAuditor(), Mixed), "./local/wheel-1.0-py3-none-any.whl");

        [Fact]
        public void FullyHashedFileIsClean() => Assert.Empty(Audit(new PythonPinningAuditor(), Fixture("python", "requirements-locked.txt")));

        [Fact]
        public void UrlWithoutHashIsReported()
        {
            string path = WriteTemp(NewFolder(), "requirements.txt", "pkg @ https://files.example.invalid/pkg-1.0.tar.gz\n--require-hashes\n");
            Assert.Equal(1, Single(Audit(new PythonPinningAuditor(), path), "PyPI/UrlWithoutHash", "pkg").Line);
        }
    }
}
