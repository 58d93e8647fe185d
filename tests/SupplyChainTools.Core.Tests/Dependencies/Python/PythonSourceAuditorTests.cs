using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Python;
using static SupplyChainTools.Core.Tests.Dependencies.AuditHelper;

namespace SupplyChainTools.Core.Tests.Dependencies.Python
{
    public class PythonSourceAuditorTests
    {
        private static readonly string Mixed = Fixture("python", "requirements.txt");

        [Fact]
        public void ExtraIndexUrlIsReported() =>
            Assert.Equal(3, Single(Audit(new PythonSourceAuditor(), Mixed), "PyPI/ExtraIndexUrl", null).Line);

        [Fact]
        public void HttpExtraIndexIsInsecure() =>
            Assert.Equal("http://legacy-mirror.example.invalid/simple", Single(Audit(new PythonSourceAuditor(), Mixed), "PyPI/InsecureIndex", null).Requested);

        [Fact]
        public void TrustedHostIsReported() =>
            Assert.Equal(4, Single(Audit(new PythonSourceAuditor(), Mixed), "PyPI/TrustedHost", "legacy-mirror.example.invalid").Line);

        [Fact]
        public void IndexesOutsideTheAllowedListAreUnapproved()
        {
            var options = new DependencyAuditOptions { AllowedSources = new[] { "pypi.example.invalid" } };
            var finding = Single(Audit(new PythonSourceAuditor(), Mixed, options), "PyPI/UnapprovedIndex", null);
            Assert.Equal(3, finding.Line);
        }

        [Fact]
        public void PipConfigIsRead()
        {
            string path = WriteTemp(NewFolder(), "pip.conf", "[global]\nindex-url = https://pypi.example.invalid/simple\nextra-index-url =\n    https://a.example.invalid/simple\n    http://b.example.invalid/simple\ntrusted-host = b.example.invalid\n");
            var findings = Audit(new PythonSourceAuditor(), path);
            Assert.Equal(2, findings.FindAll(f => f.RuleId == "PyPI/ExtraIndexUrl").Count);
            Assert.Equal(5, Single(findings, "PyPI/InsecureIndex", null).Line);
            Assert.Equal(6, Single(findings, "PyPI/TrustedHost", "b.example.invalid").Line);
        }

        [Theory]
        [InlineData("uv.toml", "index-strategy = \"unsafe-best-match\"\n", 1)]
        [InlineData("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.uv]\nindex-strategy = \"unsafe-best-match\" # torchtriton\n", 5)]
        [InlineData(".env", "FOO=1\nexport UV_INDEX_STRATEGY=unsafe-best-match\n", 2)]
        public void UnsafeIndexStrategyIsReported(string name, string content, int line)
        {
            string path = WriteTemp(NewFolder(), name, content);
            Assert.Equal(line, Single(Audit(new PythonSourceAuditor(), path), "PyPI/UnsafeIndexStrategy", null).Line);
        }
    }
}
