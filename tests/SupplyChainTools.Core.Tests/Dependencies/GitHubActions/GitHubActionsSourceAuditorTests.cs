using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.GitHubActions;

namespace SupplyChainTools.Core.Tests.Dependencies.GitHubActions
{
    public sealed class GitHubActionsSourceAuditorTests
    {
        private const string Workflow = "name: ci\n" +
            "on: push\n" +
            "jobs:\n" +
            "  build:\n" +
            "    runs-on: ubuntu-latest\n" +
            "    steps:\n" +
            "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n" +
            "      - shell: pwsh\n" +
            "        run: |\n" +
            "          Register-PSRepository -Name Internal -SourceLocation http://feed.contoso.com/nuget -InstallationPolicy Trusted\n" +
            "          Install-Module Contoso.Tools -RequiredVersion 1.0.0\n";

        private static readonly DependencyAuditOptions Options = new DependencyAuditOptions { InternalPackagePatterns = new[] { "Contoso.*" } };

        [Fact]
        public void PwshStepRegisteringAnHttpRepositoryIsReportedAtItsLine() =>
            Assert.Equal(10, Single("PowerShell/InsecureRepository").Line);

        [Fact]
        public void PwshStepTrustingARepositoryIsReported() =>
            Assert.Equal(FindingMitigation.LimitSources, Single("PowerShell/TrustedRepository").Mitigation);

        [Fact]
        public void PwshStepInstallingAnInternalModuleFromNoNamedRepositoryIsReported() =>
            Assert.Equal(11, Single("PowerShell/InternalModuleFromPublicRepository").Line);

        [Fact]
        public void SourceAuditReportsNoPinningFindingsAndThePinningAuditNoSourceFindings()
        {
            Assert.All(Audit(new GitHubActionsSourceAuditor()), f => Assert.Equal(FindingMitigation.LimitSources, f.Mitigation));
            Assert.All(Audit(new GitHubActionsAuditor()), f => Assert.Equal(FindingMitigation.PinDependencies, f.Mitigation));
        }

        [Fact]
        public void TheRegistryRunsItInTheSourceAudit() =>
            Assert.Contains(DependencyAuditors.Create(FindingMitigation.LimitSources), a => a is GitHubActionsSourceAuditor);

        private static DependencyFinding Single(string ruleId)
        {
            List<DependencyFinding> matching = Audit(new GitHubActionsSourceAuditor()).Where(f => f.RuleId == ruleId).ToList();
            Assert.Single(matching);
            return matching[0];
        }

        private static List<DependencyFinding> Audit(IDependencyFileAuditor auditor)
        {
            string folder = AuditHelper.NewFolder();
            try
            {
                string path = AuditHelper.WriteTemp(Path.Combine(folder, ".github", "workflows"), "ci.yml", Workflow);
                var file = new DependencyFile(path, ".github/workflows/ci.yml");
                Assert.True(auditor.Handles(file));
                return auditor.Audit(file, Options, CancellationToken.None).ToList();
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
