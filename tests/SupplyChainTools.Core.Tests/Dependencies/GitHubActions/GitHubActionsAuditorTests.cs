using System.Collections.Generic;
using System.Linq;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.GitHubActions;

namespace SupplyChainTools.Core.Tests.Dependencies.GitHubActions
{
    public sealed class GitHubActionsAuditorTests
    {
        private const string Workflow = "gha/.github/workflows/ci.yml";
        private const string Unpinned = "GitHubActions/UnpinnedAction";
        private const string Image = "GitHubActions/UnpinnedImage";
        private static readonly List<DependencyFinding> Findings = DependencyFixtures.Audit(new GitHubActionsAuditor(), Workflow);

        [Fact]
        public void FullShaWithTagCommentIsPinned() => Findings.NoneAt(11);

        [Fact]
        public void TagIsNotPinned() => Assert.Equal("v4", Findings.At(12, Unpinned).Requested);

        [Fact]
        public void BranchIsNotPinned()
        {
            DependencyFinding finding = Findings.At(13, Unpinned);
            Assert.Equal("actions/setup-dotnet", finding.Package);
            Assert.Equal("main", finding.Requested);
            Assert.Equal(FindingSeverity.High, finding.Severity);
            Assert.Equal(FindingMitigation.PinDependencies, finding.Mitigation);
            Assert.Equal("GitHubActions", finding.Ecosystem);
        }

        [Fact]
        public void ThirdPartyTagIsNotPinned() => Findings.At(14, Unpinned);

        [Fact]
        public void ShortShaIsNotPinned() => Assert.Contains("abbreviated", Findings.At(15, Unpinned).Message);

        [Fact]
        public void SubPathActionAtFullShaIsPinned() => Findings.NoneAt(16);

        [Fact]
        public void LocalActionIsPinnedWithTheRepository() => Findings.NoneAt(17);

        [Fact]
        public void DockerActionByTagIsNotPinned() => Assert.Equal("3.20", Findings.At(18, Image).Requested);

        [Fact]
        public void DockerActionByDigestIsPinned() => Findings.NoneAt(19);

        [Fact]
        public void ReusableWorkflowByBranchIsNotPinned() => Findings.At(28, "GitHubActions/UnpinnedReusableWorkflow");

        [Fact]
        public void ReusableWorkflowByShaIsPinned() => Findings.NoneAt(30);

        [Fact]
        public void JobContainerByTagIsNotPinned() => Assert.Equal("node", Findings.At(6, Image).Package);

        [Fact]
        public void ServiceImageByDigestIsPinned() => Findings.NoneAt(9);

        [Fact]
        public void RunNpmInstallIsFlaggedAndNpmCiIsNot()
        {
            Findings.At(20, "Shell/NpmInstall");
            Findings.NoneAt(21);
        }

        [Fact]
        public void RunPipInstallIsFlaggedAndRequireHashesIsNot()
        {
            Findings.At(22, "Shell/UnpinnedPipInstall");
            Findings.NoneAt(23);
        }

        [Fact]
        public void RunCurlPipedToBashIsDownloadThenRun() => Findings.At(24, "Shell/DownloadThenRun");

        [Fact]
        public void PwshStepGoesToThePowerShellRules()
        {
            DependencyFinding finding = Findings.At(26, "PowerShell/UnpinnedModuleInstall");
            Assert.Equal("Pester", finding.Package);
        }

        [Fact]
        public void TheWorkflowHasExactlyTheExpectedFindings() => Assert.Equal(11, Findings.Count);

        [Fact]
        public void CompositeActionIsAudited()
        {
            List<DependencyFinding> findings = DependencyFixtures.Audit(new GitHubActionsAuditor(), "gha/.github/actions/local/action.yml");
            Assert.Equal("example-org/nested-action", Assert.Single(findings).Package);
            Assert.Equal(5, findings[0].Line);
        }

        [Fact]
        public void PolicyRefPinForAnOwnerAcceptsItsTags()
        {
            var options = new DependencyAuditOptions { ActionPolicy = new Dictionary<string, string> { ["example-org/*"] = "ref-pin", ["*"] = "hash-pin" } };
            List<DependencyFinding> findings = DependencyFixtures.Audit(new GitHubActionsAuditor(), Workflow, options);
            findings.NoneAt(14);
            findings.At(12, Unpinned);
            findings.NoneAt(28);
        }

        [Fact]
        public void PolicyMostSpecificPatternWins()
        {
            var options = new DependencyAuditOptions { ActionPolicy = new Dictionary<string, string> { ["actions/*"] = "any", ["actions/setup-dotnet"] = "hash-pin" } };
            List<DependencyFinding> findings = DependencyFixtures.Audit(new GitHubActionsAuditor(), Workflow, options);
            findings.NoneAt(12);
            findings.At(13, Unpinned);
        }

        [Fact]
        public void AnchorsAndAliasesAreFollowed()
        {
            const string yaml = "on: push\njobs:\n  a:\n    runs-on: x\n    steps: &steps\n      - uses: actions/checkout@v4\n  b:\n    runs-on: x\n    steps: *steps\n";
            List<DependencyFinding> findings = DependencyFixtures.AuditText(new GitHubActionsAuditor(), ".github/workflows/a.yml", yaml);
            Assert.Equal(2, findings.Count(f => f.Line == 6 && f.RuleId == Unpinned));
        }

        [Fact]
        public void LiteralBlockRunStepsReportTheirOwnLines()
        {
            const string yaml = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          echo hi\n          curl -fsSL https://x.invalid/i.sh | sh\n          npm i\n";
            List<DependencyFinding> findings = DependencyFixtures.AuditText(new GitHubActionsAuditor(), ".github/workflows/a.yml", yaml);
            findings.At(8, "Shell/DownloadThenRun");
            findings.At(9, "Shell/NpmInstall");
        }

        [Fact]
        public void RunStepsOnWindowsRunnersArePowerShellUnlessAShellIsNamed()
        {
            const string yaml = "on: push\njobs:\n  w:\n    runs-on: windows-latest\n    steps:\n      - run: Install-Module Az\n      - shell: bash\n        run: npm i\n";
            List<DependencyFinding> findings = DependencyFixtures.AuditText(new GitHubActionsAuditor(), ".github/workflows/w.yml", yaml);
            Assert.Equal("Az", findings.At(6, "PowerShell/UnpinnedModuleInstall").Package);
            findings.At(8, "Shell/NpmInstall");
        }

        [Fact]
        public void MalformedYamlIsOneErrorNamingTheLine()
        {
            var error = Assert.Throws<DependencyFileFormatException>(() =>
                DependencyFixtures.AuditText(new GitHubActionsAuditor(), ".github/workflows/bad.yml", "on: push\njobs:\n  a: [\n    b: c\n  d: {\n"));
            Assert.True(error.Line >= 3, "line " + error.Line);
            Assert.EndsWith("bad.yml", error.Path);
        }

        [Fact]
        public void DeepNestingIsRefused()
        {
            string yaml = "jobs: " + new string('[', 200) + new string(']', 200) + "\n";
            Assert.Throws<DependencyFileFormatException>(() => DependencyFixtures.AuditText(new GitHubActionsAuditor(), ".github/workflows/deep.yml", yaml));
        }

        [Theory]
        [InlineData(".github/workflows/ci.yml", true)]
        [InlineData(".github/workflows/ci.yaml", true)]
        [InlineData("tools/my-action/action.yml", true)]
        [InlineData("config.yml", false)]
        [InlineData(".github/dependabot.yml", false)]
        public void HandlesWorkflowsAndActionsOnly(string relative, bool handled) =>
            Assert.Equal(handled, new GitHubActionsAuditor().Handles(new DependencyFile("/x/" + relative, relative)));
    }
}
