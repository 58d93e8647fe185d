using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.GitHubActions;
using SupplyChainTools.Core.Dependencies.Reporting;

namespace SupplyChainTools.Core.Tests.Dependencies.Reporting
{
    public sealed class FindingSuppressionsTests
    {
        private static readonly string SuppressionPath = Path.Combine(DependencyFixtures.Root, "suppressions.yml");
        private static readonly DateTime Today = new DateTime(2026, 12, 7);

        private static List<DependencyFinding> Workflow() => DependencyFixtures.Audit(new GitHubActionsAuditor(), "gha/.github/workflows/ci.yml");

        private static FindingSuppressions Parse(string yaml) => FindingSuppressions.Parse(yaml, SuppressionPath, CancellationToken.None);

        [Fact]
        public void MatchedFindingsAreMarkedWithTheReasonAndNoneIsDropped()
        {
            FindingSuppressions suppressions = Parse("suppressions:\n  - ruleId: GitHubActions/UnpinnedAction\n    path: gha/.github/workflows/*.yml\n    package: actions/*\n    reason: first-party actions are ref-pinned by policy\n");
            List<DependencyFinding> findings = Workflow();
            List<DependencyFinding> applied = suppressions.Apply(findings, Today).ToList();
            Assert.Equal(findings.Count, applied.Count);
            Assert.Equal(new[] { 12, 13 }, applied.Where(f => f.Suppressed).Select(f => f.Line!.Value));
            Assert.All(applied.Where(f => f.Suppressed), f => Assert.Equal("first-party actions are ref-pinned by policy", f.SuppressionReason));
        }

        [Fact]
        public void DoubleStarAndRuleWildcardsMatchAcrossFolders()
        {
            FindingSuppressions suppressions = Parse("- ruleId: Shell/*\n  path: '**/ci.yml'\n  reason: tracked in issue 42\n");
            List<DependencyFinding> applied = suppressions.Apply(Workflow(), Today).ToList();
            Assert.Equal(3, applied.Count(f => f.Suppressed));
            Assert.All(applied.Where(f => f.Suppressed), f => Assert.StartsWith("Shell/", f.RuleId));
        }

        [Fact]
        public void ExpiredEntriesNoLongerApplyAndAreListed()
        {
            FindingSuppressions suppressions = Parse("suppressions:\n  - ruleId: '*'\n    reason: temporary\n    expires: 2026-12-06\n  - ruleId: Docker/*\n    reason: later\n    expires: 2026-12-07\n");
            Assert.DoesNotContain(suppressions.Apply(Workflow(), Today), f => f.Suppressed);
            Assert.Equal(2, Assert.Single(suppressions.Expired(Today)).Line);
        }

        [Fact]
        public void EntryWithoutReasonIsAnErrorNamingItsLine()
        {
            var error = Assert.Throws<DependencyFileFormatException>(() => Parse("suppressions:\n  - ruleId: A/B\n    reason: ok\n  - ruleId: C/D\n    path: x\n"));
            Assert.Equal(4, error.Line);
            Assert.Contains("reason", error.Message);
            Assert.Equal(SuppressionPath, error.Path);
        }

        [Theory]
        [InlineData("suppressions:\n  - ruleId: A/B\n    reason: ''\n", 2)]
        [InlineData("suppressions:\n  - ruleId: A/B\n    reasn: typo\n", 3)]
        [InlineData("suppressions:\n  - ruleId: A/B\n    reason: x\n    expires: next week\n", 2)]
        [InlineData("suppressions: [\n", 2)]
        public void MalformedEntriesAreErrorsNamingTheirLine(string yaml, int line) =>
            Assert.Equal(line, Assert.Throws<DependencyFileFormatException>(() => Parse(yaml)).Line);

        [Fact]
        public void EmptyFileSuppressesNothing() => Assert.Empty(Parse("# nothing yet\n").Entries);

        [Fact]
        public void LoadReadsThroughTheInputFileOpener()
        {
            string path = Path.Combine(Path.GetTempPath(), "sct-supp-" + Guid.NewGuid().ToString("N") + ".yml");
            File.WriteAllText(path, "- ruleId: A/B\n  reason: because\n");
            try
            {
                FindingSuppressions suppressions = FindingSuppressions.Load(path, CancellationToken.None);
                Assert.Equal("because", Assert.Single(suppressions.Entries).Reason);
                Assert.Equal(Path.GetDirectoryName(path), suppressions.Folder);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void SummaryCountsSeveritiesAndSuppressedApartWithTheExitBits()
        {
            List<DependencyFinding> findings = Workflow();
            FindingSuppressions suppressions = Parse("- ruleId: GitHubActions/*\n  reason: accepted\n");
            DependencyAuditSummary summary = DependencyAuditSummary.From(suppressions.Apply(findings, Today));
            Assert.Equal(findings.Count, summary.Total);
            Assert.Equal(7, summary.Suppressed);
            Assert.Equal(1, summary.High); // curl | bash
            Assert.Equal(3, summary.Medium); // npm install, pip install, Install-Module
            Assert.Equal(0, summary.Low);
            Assert.Equal(1, summary.Files);
            Assert.Equal(DependencyAuditSummary.HighBit | DependencyAuditSummary.MediumBit, summary.ExitCode);
            DependencyAuditSummary onlyPowerShell = DependencyAuditSummary.From(suppressions.Apply(findings.Where(f => f.RuleId.StartsWith("PowerShell/", StringComparison.Ordinal) || f.RuleId.StartsWith("GitHubActions/", StringComparison.Ordinal)), Today));
            Assert.Equal(DependencyAuditSummary.MediumBit, onlyPowerShell.ExitCode);
            Assert.Equal(0, DependencyAuditSummary.From(Array.Empty<DependencyFinding>()).ExitCode);
        }
    }
}
