using System.IO;
using System.Linq;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.NuGet;
using static SupplyChainTools.Core.Tests.Dependencies.AuditHelper;

namespace SupplyChainTools.Core.Tests.Dependencies.NuGet
{
    public class NuGetPinningAuditorTests
    {
        private static readonly string Central = Fixture("nuget", "Directory.Packages.props");
        private static readonly string App = Fixture("nuget", "App", "App.csproj");
        private static readonly string Lib = Fixture("nuget", "Lib", "Lib.csproj");

        [Fact]
        public void CentralExactVersionIsPinned() => None(Audit(new NuGetPinningAuditor(), Central), "Contoso.Exact");

        [Fact]
        public void CentralBareVersionIsAMinimum()
        {
            var finding = Single(Audit(new NuGetPinningAuditor(), Central), "NuGet/MinimumVersion", "Contoso.Minimum");
            Assert.Equal(10, finding.Line);
            Assert.Equal("4.0.0", finding.Requested);
            Assert.Equal(FindingSeverity.Low, finding.Severity);
        }

        [Fact]
        public void CentralFloatingVersionIsFloating() =>
            Assert.Equal(12, Single(Audit(new NuGetPinningAuditor(), Central), "NuGet/FloatingVersion", "Contoso.Floating").Line);

        [Fact]
        public void VersionOverrideIsClassifiedAsFloating()
        {
            var finding = Single(Audit(new NuGetPinningAuditor(), App), "NuGet/FloatingVersion", "Contoso.Minimum");
            Assert.Equal(11, finding.Line);
            Assert.Equal("4.*", finding.Requested);
            Assert.Equal("4.3.0", finding.Resolved);
            Assert.Contains("VersionOverride", finding.Message);
        }

        [Fact]
        public void LockFileWithoutLockedModeIsNotEnforced() =>
            Single(Audit(new NuGetPinningAuditor(), App), "NuGet/LockFileNotEnforced", null);

        [Fact]
        public void CentralVersionsWithoutVersionAttributeAreNotMissing()
        {
            var findings = Audit(new NuGetPinningAuditor(), App);
            Assert.DoesNotContain(findings, f => f.RuleId == "NuGet/MissingVersion");
            None(findings, "Contoso.Exact");
        }

        [Fact]
        public void LockFileMatchingTheProjectDoesNotDrift() =>
            Assert.DoesNotContain(Audit(new NuGetPinningAuditor(), App), f => f.RuleId == "NuGet/LockFileDrift");

        [Theory]
        [InlineData("Fabrikam.Float.Patch", "NuGet/FloatingVersion", 9)]
        [InlineData("Fabrikam.Float.Prerelease", "NuGet/FloatingVersion", 10)]
        [InlineData("Fabrikam.AnyVersion", "NuGet/FloatingVersion", 15)]
        [InlineData("Fabrikam.Range", "NuGet/VersionRange", 11)]
        [InlineData("Fabrikam.OpenRange", "NuGet/VersionRange", 12)]
        [InlineData("Fabrikam.NoVersion", "NuGet/MissingVersion", 16)]
        public void LibVersionsAreClassified(string package, string rule, int line) =>
            Assert.Equal(line, Single(Audit(new NuGetPinningAuditor(), Lib), rule, package).Line);

        [Fact]
        public void UpdateItemReplacesTheIncludedVersion()
        {
            var finding = Single(Audit(new NuGetPinningAuditor(), Lib), "NuGet/MinimumVersion", "Fabrikam.Min");
            Assert.Equal("6.2.0", finding.Requested);
            Assert.Equal(18, finding.Line);
        }

        [Fact]
        public void ExactBracketVersionIsPinned() => None(Audit(new NuGetPinningAuditor(), Lib), "Fabrikam.Exact");

        [Fact]
        public void OptedInLockFileThatIsNotCommittedIsMissing() =>
            Assert.Contains("not committed", Single(Audit(new NuGetPinningAuditor(), Lib), "NuGet/LockFileMissing", null).Message);

        [Fact]
        public void ConditionalLockedModeCountsAsEnforced() =>
            Assert.DoesNotContain(Audit(new NuGetPinningAuditor(), Lib), f => f.RuleId == "NuGet/LockFileNotEnforced");

        [Fact]
        public void PackagesConfigVersionsAreExact() =>
            Assert.Empty(Audit(new NuGetPinningAuditor(), Fixture("nuget", "Legacy", "packages.config")));

        [Fact]
        public void InvalidRangeIsReportedAsInvalidNotFloating()
        {
            string folder = NewFolder();
            string project = WriteTemp(folder, "Bad.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <PackageReference Include=\"Bad.Range\" Version=\"[4.4.5)\" />\n  </ItemGroup>\n</Project>\n");
            var finding = Single(Audit(new NuGetPinningAuditor(), project), "NuGet/InvalidVersion", "Bad.Range");
            Assert.Equal(3, finding.Line);
            Assert.Equal("[4.4.5)", finding.Requested);
        }

        [Fact]
        public void LockFileRecordingAnotherRangeDrifts()
        {
            string folder = NewFolder();
            string project = WriteTemp(folder, "Drift.csproj",
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup><RestoreLockedMode>true</RestoreLockedMode></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"A\" Version=\"[2.0.0]\" />\n    <PackageReference Include=\"C\" Version=\"[1.0.0]\" />\n  </ItemGroup>\n</Project>\n");
            WriteTemp(folder, "packages.lock.json",
                "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net8.0\": {\n      \"A\": { \"type\": \"Direct\", \"requested\": \"[1.0.0, 1.0.0]\", \"resolved\": \"1.0.0\" },\n      \"B\": { \"type\": \"Direct\", \"requested\": \"[1.0.0, 1.0.0]\", \"resolved\": \"1.0.0\" }\n    }\n  }\n}\n");
            var findings = Audit(new NuGetPinningAuditor(), project);
            Assert.Equal(5, Single(findings, "NuGet/LockFileDrift", "A").Line);
            Assert.Equal(6, Single(findings, "NuGet/LockFileDrift", "B").Line);
            Assert.Equal(5, Single(findings, "NuGet/LockFileDrift", "C").Line);
            Assert.DoesNotContain(findings, f => f.RuleId == "NuGet/LockFileNotEnforced");
        }

        [Fact]
        public void RealDotnetLockFilesParse()
        {
            foreach (string name in new[] { "cpm-transitive-pinning-v2.packages.lock.json", "floating-v1.packages.lock.json" })
            {
                var entries = NuGetLockFile.Read(new DependencyFile(Fixture("nuget", "generated-by-dotnet-10.0.401", name), name), default);
                Assert.NotEmpty(entries);
                Assert.All(entries.Where(e => e.IsPackage), e => Assert.NotNull(e.ContentHash));
                Assert.All(entries, e => Assert.NotNull(e.Line));
            }
        }

        [Fact]
        public void MalformedProjectIsOneErrorNamingTheLine()
        {
            string folder = NewFolder();
            string project = WriteTemp(folder, "Broken.csproj", "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"A\" Version=\"1.0.0\">\n  </ItemGroup>\n</Project>\n");
            var error = Assert.Throws<DependencyFileFormatException>(() => Audit(new NuGetPinningAuditor(), project));
            Assert.Equal(project, error.Path);
            Assert.Equal(4, error.Line);
        }

        [Fact]
        public void DtdIsRefused()
        {
            string folder = NewFolder();
            string project = WriteTemp(folder, "Dtd.csproj", "<?xml version=\"1.0\"?>\n<!DOCTYPE Project [<!ENTITY x \"y\">]>\n<Project />\n");
            Assert.Throws<DependencyFileFormatException>(() => Audit(new NuGetPinningAuditor(), project));
        }
    }
}
