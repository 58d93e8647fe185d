using System;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Dependencies;
using static SupplyChainTools.Core.Tests.Dependencies.AuditHelper;

namespace SupplyChainTools.Core.Tests.Dependencies
{
    public class DependencyAuditTests
    {
        [Fact]
        public void PinningAuditsEveryEcosystemOfTheFixtureTree()
        {
            var results = DependencyAudit.Pinning(new[] { Fixture() }, new DependencyAuditOptions(), CancellationToken.None).ToList();
            var findings = results.Where(r => r.Finding != null).Select(r => r.Finding!).ToList();
            Assert.Contains(findings, f => f.Ecosystem == "NuGet");
            Assert.Contains(findings, f => f.Ecosystem == "npm");
            Assert.Contains(findings, f => f.Ecosystem == "PyPI");
            Assert.All(findings, f => Assert.Equal(FindingMitigation.PinDependencies, f.Mitigation));
            Assert.DoesNotContain(results, r => r.Failure != null);
            DependencyAuditResult last = results.Last();
            Assert.Equal(last.FilesTotal, last.FilesDone);
            Assert.True(last.FilesTotal >= 8);
        }

        [Fact]
        public void SourcesAuditsOnlySourceRules()
        {
            var findings = DependencyAudit.Sources(new[] { Fixture() }, new DependencyAuditOptions(), CancellationToken.None).Where(r => r.Finding != null).Select(r => r.Finding!).ToList();
            Assert.NotEmpty(findings);
            Assert.All(findings, f => Assert.Equal(FindingMitigation.LimitSources, f.Mitigation));
        }

        [Fact]
        public void FindingsOfAFileComeInLineOrder()
        {
            var lines = DependencyAudit.Pinning(new[] { Fixture("nuget", "Lib", "Lib.csproj") }, new DependencyAuditOptions(), CancellationToken.None)
                .Where(r => r.Finding != null).Select(r => r.Finding!.Line ?? 0).ToList();
            Assert.Equal(lines.OrderBy(l => l), lines);
        }

        [Fact]
        public void InstalledAndGeneratedFoldersAreNotWalkedButAFileNamedThereIsAudited()
        {
            string root = NewFolder();
            foreach (string skipped in new[] { "node_modules/left-pad", "bin", "obj", ".git", ".venv" })
            {
                WriteTemp(Path.Combine(root, skipped), "package.json", "{ \"dependencies\": { \"x\": \"^1.0.0\" } }");
            }

            string own = WriteTemp(root, "package.json", "{ \"dependencies\": { \"x\": \"^1.0.0\" } }");
            var findings = DependencyAudit.Pinning(new[] { root }, new DependencyAuditOptions(), CancellationToken.None).Where(r => r.Finding != null).ToList();
            Assert.Equal(own, Assert.Single(findings).Finding!.File);

            string installed = Path.Combine(root, "node_modules", "left-pad", "package.json");
            Assert.Single(DependencyAudit.Pinning(new[] { installed }, new DependencyAuditOptions(), CancellationToken.None), r => r.Finding != null);
        }

        [Fact]
        public void AMalformedFileIsOneFailureNamingItsLineAndTheRestIsStillAudited()
        {
            string root = NewFolder();
            string broken = WriteTemp(Path.Combine(root, "a"), "package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/x\": {,\n");
            string good = WriteTemp(Path.Combine(root, "b"), "package.json", "{ \"dependencies\": { \"x\": \"latest\" } }");
            var results = DependencyAudit.Pinning(new[] { root }, new DependencyAuditOptions(), CancellationToken.None).ToList();
            DependencyAuditResult failure = Assert.Single(results, r => r.Failure != null);
            Assert.Equal(broken, failure.FailedPath);
            Assert.Equal(4, failure.FailedLine);
            Assert.Contains(broken, failure.Failure!.Message);
            Assert.Equal(good, Assert.Single(results, r => r.Finding != null).Finding!.File);
        }

        [Fact]
        public void RealNpmLockFileIsReadWhole()
        {
            string folder = Fixture("real", "npm-lockfile-lint");
            var entries = global::SupplyChainTools.Core.Dependencies.Npm.NpmLockFile.Read(new DependencyFile(Path.Combine(folder, "package-lock.json"), "package-lock.json"), default);
            Assert.True(entries.Count > 50);
            Assert.Contains(entries, e => e.Name == "lockfile-lint" && e.Version == "4.14.1");
            Assert.Contains(entries, e => e.Name.StartsWith("@", StringComparison.Ordinal) && e.Name.Contains("/"));
            Assert.All(entries, e => Assert.StartsWith("sha512-", e.Integrity));
            Assert.All(entries, e => Assert.NotNull(e.Line));
            Assert.DoesNotContain(DependencyAudit.Pinning(new[] { folder }, new DependencyAuditOptions(), CancellationToken.None), r => r.Finding != null || r.Failure != null);
        }

        [Fact]
        public void RealPipDocumentationRequirementsAreUnpinned()
        {
            var findings = DependencyAudit.Pinning(new[] { Fixture("real", "pip-docs") }, new DependencyAuditOptions(), CancellationToken.None).Where(r => r.Finding != null).Select(r => r.Finding!).ToList();
            Assert.Equal(new[] { "sphinx", "towncrier", "furo", "myst_parser", "sphinx-copybutton", "sphinx-inline-tabs", "sphinxcontrib-towncrier" },
                findings.Where(f => f.RuleId == "PyPI/UnpinnedRequirement").Select(f => f.Package));
            Assert.Equal("~= 4.2, != 4.4.0", findings.First(f => f.Package == "sphinx").Requested);
            Assert.Single(findings, f => f.RuleId == "PyPI/HashCheckingOff");
        }

        [Fact]
        public void CancellationStopsTheAudit()
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => DependencyAudit.Pinning(new[] { Fixture() }, new DependencyAuditOptions(), cancelled.Token).ToList());
        }

        [Fact]
        public void EveryRuleIsDeclaredOnceWithAnIdOfItsEcosystem()
        {
            // Auditors share rule objects (the Shell rules run in Dockerfiles and workflow steps too): one declaration
            // per id, and every id names an ecosystem of some auditor.
            var auditors = DependencyAuditors.CreateAll();
            var rules = auditors.SelectMany(a => a.Rules).Distinct().ToList();
            Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
            var ecosystems = auditors.Select(a => a.Ecosystem).ToList();
            foreach (IDependencyFileAuditor auditor in auditors)
            {
                Assert.All(auditor.Rules, rule =>
                {
                    Assert.Contains(rule.Id.Split('/')[0], ecosystems);
                    Assert.Equal(auditor.Mitigation, rule.Mitigation);
                    Assert.Contains(rule.Severity, new[] { FindingSeverity.High, FindingSeverity.Medium, FindingSeverity.Low, FindingSeverity.Info });
                    Assert.False(string.IsNullOrWhiteSpace(rule.Title));
                    Assert.False(string.IsNullOrWhiteSpace(rule.Remediation));
                });
            }
        }

        [Fact]
        public void EveryRuleIsDocumentedInAboutDependencyAudit()
        {
            string about = File.ReadAllText(Path.Combine(RepositoryRoot(), "module", "en-US", "about_DependencyAudit.help.txt"));
            foreach (DependencyRule rule in DependencyAuditors.AllRules())
            {
                Assert.Matches(new System.Text.RegularExpressions.Regex("(?m)^    " + System.Text.RegularExpressions.Regex.Escape(rule.Id) + "( \\(\\w+\\))?\r?$"), about);
            }
        }

        private static string RepositoryRoot()
        {
            string? folder = AppContext.BaseDirectory;
            while (folder != null && !File.Exists(Path.Combine(folder, "SupplyChainTools.sln")))
            {
                folder = Path.GetDirectoryName(folder);
            }

            return folder ?? throw new InvalidOperationException("The repository root was not found above the test binaries.");
        }
    }
}
