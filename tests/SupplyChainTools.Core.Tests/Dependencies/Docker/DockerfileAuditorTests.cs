using System.Collections.Generic;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Docker;

namespace SupplyChainTools.Core.Tests.Dependencies.Docker
{
    public sealed class DockerfileAuditorTests
    {
        private const string Base = "Docker/UnpinnedBaseImage";
        private static readonly List<DependencyFinding> Findings = DependencyFixtures.Audit(new DockerfileAuditor(), "docker/Dockerfile");

        [Fact]
        public void ArgWithDigestSubstitutedIsPinned() => Findings.NoneAt(4);

        [Fact]
        public void PlatformFlagAndTagIsNotPinned()
        {
            DependencyFinding finding = Findings.At(6, Base);
            Assert.Equal("golang", finding.Package);
            Assert.Equal("1.22", finding.Requested);
        }

        [Fact]
        public void EarlierStageAliasIsFine() => Findings.NoneAt(7);

        [Fact]
        public void ArgTagSubstitutedIsNotPinned()
        {
            DependencyFinding finding = Findings.At(8, Base);
            Assert.Equal("mcr.microsoft.com/dotnet/aspnet", finding.Package);
            Assert.Equal("8.0", finding.Requested);
        }

        [Fact]
        public void NoTagMeansLatest() => Assert.Equal("latest", Findings.At(9, Base).Requested);

        [Fact]
        public void ScratchIsFine() => Findings.NoneAt(10);

        [Fact]
        public void RegistryWithPortAndDigestIsPinned() => Findings.NoneAt(11);

        [Fact]
        public void TruncatedDigestIsNotPinned() => Assert.Contains("truncated", Findings.At(12, Base).Message);

        [Fact]
        public void RunDownloadVerifiedWithSha256sumBeforeRunIsFine()
        {
            Findings.NoneAt(5);
            Findings.NoneAt(14);
        }

        [Fact]
        public void TheDockerfileHasExactlyTheExpectedFindings() => Assert.Equal(4, Findings.Count);

        [Fact]
        public void RunLinesGoToTheShellRulesWithTheirLines()
        {
            const string dockerfile = "FROM scratch\nRUN apt-get update && \\\n    curl -sSL https://x.invalid/i.sh | bash\nRUN [\"sh\", \"-c\", \"pip install requests\"]\nRUN <<EOF\nnpm install\nEOF\n";
            List<DependencyFinding> findings = DependencyFixtures.AuditText(new DockerfileAuditor(), "Dockerfile", dockerfile);
            findings.At(2, "Shell/DownloadThenRun");
            findings.At(4, "Shell/UnpinnedPipInstall");
            findings.At(6, "Shell/NpmInstall");
            Assert.Equal(3, findings.Count);
        }

        [Fact]
        public void DownloadRunWithoutVerificationIsFlagged()
        {
            const string dockerfile = "FROM scratch\nRUN wget https://x.invalid/get.sh && sh get.sh\n";
            DependencyFixtures.AuditText(new DockerfileAuditor(), "Dockerfile", dockerfile).At(2, "Shell/DownloadThenRun");
        }

        [Fact]
        public void FromWithoutImageIsOneErrorNamingTheLine()
        {
            var error = Assert.Throws<DependencyFileFormatException>(() => DependencyFixtures.AuditText(new DockerfileAuditor(), "Dockerfile", "# c\n\nFROM --platform=x\n"));
            Assert.Equal(3, error.Line);
        }
    }
}
