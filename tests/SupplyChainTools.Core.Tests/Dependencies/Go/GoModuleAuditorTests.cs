using System.Collections.Generic;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Go;

namespace SupplyChainTools.Core.Tests.Dependencies.Go
{
    public sealed class GoModuleAuditorTests
    {
        private static readonly List<DependencyFinding> Findings = DependencyFixtures.Audit(new GoModuleAuditor(), "go/go.mod");

        [Fact]
        public void RequirementWithContentHashIsPinned() => Findings.NoneAt(6);

        [Fact]
        public void ReplaceToLocalPathIsFlaggedAndNeedsNoSum()
        {
            Assert.Equal("../lib", Findings.At(11, "Go/LocalReplace").Requested);
            Findings.NoneAt(7);
        }

        [Fact]
        public void PseudoVersionIsNoted() => Assert.Equal(FindingSeverity.Info, Findings.At(8, "Go/PseudoVersion").Severity);

        [Fact]
        public void GoModOnlyEntryIsNotAContentHash() => Findings.At(8, "Go/MissingSumEntry");

        [Fact]
        public void TheModuleHasExactlyTheExpectedFindings() => Assert.Equal(3, Findings.Count);

        [Fact]
        public void MissingGoSumIsFlagged()
        {
            DependencyFinding finding = Assert.Single(DependencyFixtures.AuditText(new GoModuleAuditor(), "m/go.mod", "module x\n\nrequire golang.org/x/text v0.14.0\n"));
            Assert.Equal("Go/MissingGoSum", finding.RuleId);
        }

        [Fact]
        public void ReplaceWithoutTargetIsOneErrorNamingTheLine()
        {
            var error = Assert.Throws<DependencyFileFormatException>(() => DependencyFixtures.AuditText(new GoModuleAuditor(), "m/go.mod", "module x\nreplace (\n  a/b v1 =>\n)\n"));
            Assert.Equal(3, error.Line);
        }
    }
}
