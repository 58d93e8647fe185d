using System.Collections.Generic;
using System.Linq;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.PowerShell;

namespace SupplyChainTools.Core.Tests.Dependencies.PowerShell
{
    public sealed class PowerShellAuditorTests
    {
        private const string Required = "PowerShell/UnpinnedRequiredModule";
        private const string Install = "PowerShell/UnpinnedModuleInstall";
        private static readonly List<DependencyFinding> Manifest = DependencyFixtures.Audit(new PowerShellAuditor(), "powershell/Contoso.Tools/Contoso.Tools.psd1");
        private static readonly List<DependencyFinding> Script = DependencyFixtures.Audit(new PowerShellAuditor(), "powershell/bootstrap.ps1");

        [Fact]
        public void RequiredModuleByNameOnlyIsAnyVersion() => Assert.Equal("any", Manifest.At(7, Required).Requested);

        [Fact]
        public void RequiredModuleWithModuleVersionIsAMinimum()
        {
            DependencyFinding finding = Manifest.At(8, Required);
            Assert.Equal("MinOnly", finding.Package);
            Assert.Equal(">= 2.0.0", finding.Requested);
        }

        [Fact]
        public void RequiredModuleWithMinimumAndMaximumIsARange() => Assert.Equal("[2.0.0, 2.99.99]", Manifest.At(9, Required).Requested);

        [Fact]
        public void RequiredModuleWithMaximumOnlyIsNotPinned() => Assert.Equal("<= 3.0.0", Manifest.At(10, Required).Requested);

        [Fact]
        public void RequiredVersionIsPinned() => Manifest.NoneAt(11);

        [Fact]
        public void RequiredVersionWithGuidIsPinned() => Manifest.NoneAt(12);

        [Fact]
        public void PathIsVendored() => Manifest.NoneAt(13);

        [Fact]
        public void TheManifestHasExactlyTheExpectedFindings() => Assert.Equal(4, Manifest.Count);

        [Fact]
        public void InstallModuleWithoutVersionIsUnpinned() => Assert.Equal("Pester", Script.At(2, Install).Package);

        [Fact]
        public void InstallModuleWithRequiredVersionIsPinned() => Script.NoneAt(3);

        [Fact]
        public void InstallModuleWithMinimumVersionIsFloating() => Assert.Contains("-MinimumVersion 2.3.0", Script.At(4, Install).Message);

        [Fact]
        public void InstallPSResourceWithRangeIsUnpinned() => Assert.Equal("[2.0.0, 3.0.0)", Script.At(5, Install).Requested);

        [Fact]
        public void InstallPSResourceWithExactVersionIsPinned() => Script.NoneAt(6);

        [Fact]
        public void DownloadThenRunIsFlagged() => Script.At(9, "PowerShell/DownloadThenRun");

        [Fact]
        public void DownloadWithoutHashCheckIsFlagged() => Assert.Equal("tool.zip", Script.At(10, "PowerShell/UnverifiedDownload").Package);

        [Fact]
        public void ChocoWithoutChecksumsIsFlagged() => Script.At(11, "Shell/UnpinnedChocoInstall");

        [Fact]
        public void WingetWithVersionIsPinned() => Script.NoneAt(12);

        [Fact]
        public void DotnetToolWithoutVersionIsFlagged() => Script.At(13, "Shell/UnpinnedNuGetInstall");

        [Fact]
        public void RepositoryRulesAreNotPinningFindings() => Script.NoneAt(8);

        [Fact]
        public void RepositoryOverHttpAndTrustedAreSourceFindings()
        {
            List<DependencyFinding> sources = DependencyFixtures.Audit(new PowerShellSourceAuditor(), "powershell/bootstrap.ps1");
            Assert.Equal("http://mirror.example.invalid/api/v2", sources.At(8, "PowerShell/InsecureRepository").Requested);
            sources.At(8, "PowerShell/TrustedRepository");
            Assert.All(sources, f => Assert.Equal(FindingMitigation.LimitSources, f.Mitigation));
        }

        [Fact]
        public void InternalModuleFromTheGalleryIsASourceFinding()
        {
            var options = new DependencyAuditOptions { InternalPackagePatterns = new[] { "Contoso.*" } };
            List<DependencyFinding> sources = DependencyFixtures.Audit(new PowerShellSourceAuditor(), "powershell/bootstrap.ps1", options);
            Assert.Equal("Contoso.Internal", sources.At(7, "PowerShell/InternalModuleFromPublicRepository").Package);
            Assert.DoesNotContain(DependencyFixtures.Audit(new PowerShellSourceAuditor(), "powershell/bootstrap.ps1"), f => f.Line == 7);
        }

        [Fact]
        public void RequiresModulesWithoutVersionIsFlagged()
        {
            const string script = "#Requires -Version 7.4\n#Requires -Modules Pester, @{ ModuleName = 'Az'; RequiredVersion = '11.0.0' }, @{ ModuleName = 'Sql'; ModuleVersion = '1.0' }\nWrite-Output 1\n";
            List<DependencyFinding> findings = DependencyFixtures.AuditText(new PowerShellAuditor(), "x.ps1", script);
            Assert.Equal(new[] { "Pester", "Sql" }, findings.Where(f => f.RuleId == "PowerShell/UnpinnedRequiresStatement").Select(f => f.Package));
            Assert.All(findings, f => Assert.Equal(2, f.Line));
        }

        [Fact]
        public void IrmPipedToIexAndContinuationsAreRead()
        {
            const string script = "irm https://x.invalid/i.ps1 | iex\nInstall-Module `\n  -Name Foo `\n  -Force\n& ([scriptblock]::Create((New-Object Net.WebClient).DownloadString('https://x.invalid')))\n";
            List<DependencyFinding> findings = DependencyFixtures.AuditText(new PowerShellAuditor(), "x.ps1", script);
            findings.At(1, "PowerShell/DownloadThenRun");
            Assert.Equal("Foo", findings.At(2, Install).Package);
            findings.At(5, "PowerShell/DownloadThenRun");
        }

        [Fact]
        public void DownloadCheckedWithGetFileHashIsVerified()
        {
            const string script = "Invoke-WebRequest https://x.invalid/t.zip -OutFile t.zip\nif ((Get-FileHash t.zip).Hash -ne $pin) { throw 'bad' }\n";
            Assert.Empty(DependencyFixtures.AuditText(new PowerShellAuditor(), "x.ps1", script));
        }

        [Fact]
        public void ManifestOutsideTheDataLanguageIsOneErrorNamingTheLine()
        {
            const string manifest = "@{\n    ModuleVersion = '1.0'\n    RequiredModules = @(\n        (Get-Thing)\n    )\n}\n";
            var error = Assert.Throws<DependencyFileFormatException>(() => DependencyFixtures.AuditText(new PowerShellAuditor(), "M.psd1", manifest));
            Assert.Equal(4, error.Line);
        }

        [Fact]
        public void DataFileWithoutRequiredModulesIsNotParsed() =>
            Assert.Empty(DependencyFixtures.AuditText(new PowerShellAuditor(), "en-US/Strings.psd1", "ConvertFrom-StringData @'\nA = b\n'@\n"));
    }
}
