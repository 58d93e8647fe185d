using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Docker;
using SupplyChainTools.Core.Dependencies.GitHubActions;
using SupplyChainTools.Core.Dependencies.Shell;

namespace SupplyChainTools.Core.Tests.Dependencies
{
    /// <summary>
    /// OpenSSF Scorecard's own Pinned-Dependencies fixtures (tests/fixtures/dependencies/scorecard) with the counts
    /// of Scorecard's own test tables: the same where we agree; where we differ on purpose, our count, Scorecard's,
    /// and the reason (also in about_DependencyAudit, SCORECARD DIFFERENCES).
    /// </summary>
    public sealed class ScorecardConformanceTests
    {
        private static int Count(IEnumerable<DependencyFinding> findings, string ruleId) => findings.Count(f => f.RuleId == ruleId);

        private static List<DependencyFinding> Docker(string name) => DependencyFixtures.Audit(new DockerfileAuditor(), "scorecard/" + name);

        private static List<DependencyFinding> Workflow(string name) => DependencyFixtures.Audit(new GitHubActionsAuditor(), "scorecard/.github/workflows/" + name);

        [Fact]
        public void DockerfileNotPinned_OneImage_AsScorecard()
        {
            List<DependencyFinding> findings = Docker("Dockerfile-not-pinned");
            Assert.Equal(1, Count(findings, DockerfileAuditor.UnpinnedBaseImage.Id));
            Assert.Equal(17, findings.Single(f => f.RuleId == DockerfileAuditor.UnpinnedBaseImage.Id).Line);
        }

        [Fact]
        public void DockerfilePinnedArg_NoImage_AsScorecard() => Assert.Empty(Docker("Dockerfile-pinned-arg"));

        [Fact]
        public void DockerfileNotPinnedAs_OneImage_WhereScorecardCountsTwo()
        {
            // Scorecard 2: python:3.7 (line 17) and "FROM build" (line 23), a stage built on it. We report the
            // unpinned image once, where it is named; pinning it pins the stage too.
            List<DependencyFinding> findings = Docker("Dockerfile-not-pinned-as");
            Assert.Equal(17, Assert.Single(findings).Line);
        }

        [Fact]
        public void DockerfileProcSubs_FourDownloads_WhereScorecardCountsSix()
        {
            // Scorecard 6. Lines 20 and 24 are exec-form RUN arrays: Docker runs them without a shell, so
            // "<(curl ...)" is a literal argument and nothing is downloaded. We read exec form as exec.
            List<DependencyFinding> findings = Docker("Dockerfile-proc-subs");
            Assert.Equal(new[] { 18, 19, 22, 23 }, findings.Where(f => f.RuleId == ShellRules.DownloadThenRun.Id).Select(f => f.Line!.Value));
        }

        [Fact]
        public void ShellDownloadLines_EveryLineScorecardFlags_IsFlagged()
        {
            const string name = "scorecard/shell-download-lines.sh";
            string[] lines = File.ReadAllLines(DependencyFixtures.File(name).FullPath);
            List<DependencyFinding> findings = DependencyFixtures.Audit(new ShellScriptAuditor(), name);
            var scorecard = new (string Snippet, string RuleId)[]
            {
                ("curl > /tmp/file && bash /tmp/file", ShellRules.DownloadThenRun.Id),
                ("        curl bla | bash", ShellRules.DownloadThenRun.Id),
                ("  bash <(wget -qO- http://website.com/my-script.sh)", ShellRules.DownloadThenRun.Id),
                ("echo hi;  echo bla; bash <(wget -qO- http://website.com/my-script.sh)", ShellRules.DownloadThenRun.Id),
                ("        pip install -r requirements.txt", ShellRules.UnpinnedPipInstall.Id),
                ("bla && curl bla | bash", ShellRules.DownloadThenRun.Id),
                ("choco install 'some-package'", ShellRules.UnpinnedChocoInstall.Id),
                ("choco install 'some-other-package'", ShellRules.UnpinnedChocoInstall.Id),
                ("pip install --no-deps -e hg+https://github.com/username/repo.git@0123456789abcdef0123456789abcdef01234567#egg=package", ShellRules.UnpinnedPipInstall.Id),
                ("pip install --no-deps -e svn+https://github.com/username/repo.git@0123456789abcdef0123456789abcdef01234567#egg=package", ShellRules.UnpinnedPipInstall.Id),
                ("pip install --no-deps -e bzr+https://github.com/username/repo.git@0123456789abcdef0123456789abcdef01234567#egg=package", ShellRules.UnpinnedPipInstall.Id),
                ("pip install --no-deps -e git+https://github.com/username/repo.git", ShellRules.UnpinnedPipInstall.Id),
                ("pip install --no-deps -e git+https://github.com/username/repo.git#egg=package", ShellRules.UnpinnedPipInstall.Id),
                ("pip install --no-deps -e git+https://github.com/username/repo.git@v1.0", ShellRules.UnpinnedPipInstall.Id),
                ("pip install --no-deps -e git+https://github.com/username/repo.git@v1.0#egg=package", ShellRules.UnpinnedPipInstall.Id),
                ("pip install -e git+https://github.com/username/repo.git@0123456789abcdef0123456789abcdef01234567#egg=package", ShellRules.UnpinnedPipInstall.Id),
                ("pip install --no-deps -e . git+https://github.com/username/repo.git", ShellRules.UnpinnedPipInstall.Id),
                ("python -m pip install --no-deps -e git+https://github.com/username/repo.git", ShellRules.UnpinnedPipInstall.Id),
                ("nuget install some-package", ShellRules.UnpinnedNuGetInstall.Id),
                ("dotnet add package some-package", ShellRules.UnpinnedNuGetInstall.Id),
            };
            foreach ((string snippet, string ruleId) in scorecard)
            {
                int line = Array.IndexOf(lines, snippet) + 1;
                Assert.True(line > 0, "the fixture has the line '" + snippet + "'");
                Assert.True(findings.Any(f => f.Line == line && f.RuleId == ruleId), ruleId + " at line " + line + ": " + snippet);
            }
        }

        [Theory]
        [InlineData("choco install --requirechecksum 'some-package'")]
        [InlineData("choco install --requirechecksums 'some-package'")]
        [InlineData("choco install --require-checksums 'some-package'")]
        [InlineData("pip install --no-deps --editable .")]
        [InlineData("pip install --no-deps -e .")]
        [InlineData("pip install --no-deps -e git+https://github.com/username/repo.git@0123456789abcdef0123456789abcdef01234567")]
        [InlineData("pip install --no-deps -e git+ssh://github.com/username/repo.git@0123456789abcdef0123456789abcdef01234567#egg=package")]
        [InlineData("pip install --no-deps -e git://github.com/username/repo.git@0123456789abcdef0123456789abcdef01234567#egg=package")]
        [InlineData("pip install --no-deps -e . git+https://github.com/username/repo.git@0123456789abcdef0123456789abcdef01234567#egg=package")]
        [InlineData("python -m pip install --no-deps -e git+https://github.com/username/repo.git@0123456789abcdef0123456789abcdef01234567#egg=package")]
        [InlineData("nuget install some-package -Version 1.2.3")]
        [InlineData("nuget install packages.config")]
        [InlineData("dotnet add package some-package -v 1.2.3")]
        [InlineData("dotnet add package some-package --version 1.2.3")]
        public void ShellDownloadLines_WhatScorecardCallsPinned_IsNotFlagged(string snippet)
        {
            const string name = "scorecard/shell-download-lines.sh";
            int line = Array.IndexOf(File.ReadAllLines(DependencyFixtures.File(name).FullPath), snippet) + 1;
            Assert.True(line > 0);
            DependencyFixtures.Audit(new ShellScriptAuditor(), name).NoneAt(line);
        }

        [Fact]
        public void WorkflowMixPinnedAndNonPinned_OneAction_AsScorecard() =>
            Assert.Equal(46, Assert.Single(Workflow("workflow-mix-pinned-and-non-pinned-github.yaml")).Line);

        [Fact]
        public void WorkflowAnchor_TwoActions_WhereScorecardCountsOne()
        {
            // Scorecard 1: its workflow parser (actionlint) does not follow the alias. The aliased job runs the same
            // unpinned action, so we report it in both jobs (the alias resolves to the anchor's line).
            List<DependencyFinding> findings = Workflow("workflow-anchor.yaml");
            Assert.Equal(2, Count(findings, GitHubActionsAuditor.UnpinnedAction.Id));
        }
    }
}
