using System.IO;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Npm;
using static SupplyChainTools.Core.Tests.Dependencies.AuditHelper;

namespace SupplyChainTools.Core.Tests.Dependencies.Npm
{
    public class NpmSourceAuditorTests
    {
        [Fact]
        public void NpmrcRegistriesAreChecked()
        {
            string npmrc = WriteTemp(NewFolder(), ".npmrc", "# comment\nregistry=http://npm.example.invalid/\n@contoso:registry=https://npm.contoso.invalid/\nstrict-ssl=false\n");
            var options = new DependencyAuditOptions { AllowedSources = new[] { "https://npm.contoso.invalid" } };
            var findings = Audit(new NpmSourceAuditor(), npmrc, options);
            Assert.Equal(2, Single(findings, "npm/InsecureRegistry", "registry").Line);
            Assert.Equal(2, Single(findings, "npm/UnapprovedRegistry", "registry").Line);
            Assert.Equal(4, Single(findings, "npm/StrictSslDisabled", null).Line);
            Assert.Equal(3, findings.Count);
        }

        [Fact]
        public void InternalScopeWithoutRegistryIsReported()
        {
            string root = NewFolder();
            WriteTemp(root, ".npmrc", "@contoso:registry=https://npm.contoso.invalid/\n");
            string manifest = WriteTemp(Path.Combine(root, "app"), "package.json",
                "{\n  \"dependencies\": {\n    \"@contoso/mapped\": \"1.0.0\",\n    \"@fabrikam/unmapped\": \"1.0.0\",\n    \"public\": \"1.0.0\"\n  }\n}\n");
            var options = new DependencyAuditOptions { InternalPackagePatterns = new[] { "@contoso/*", "@fabrikam/*" } };
            var findings = Audit(new NpmSourceAuditor(), manifest, options);
            Assert.Equal(4, Single(findings, "npm/InternalScopeUnmapped", "@fabrikam/unmapped").Line);
            Assert.Single(findings);
        }

        [Fact]
        public void LockEntryOfAnInternalNameFromThePublicRegistryIsReported()
        {
            var options = new DependencyAuditOptions { InternalPackagePatterns = new[] { "@scope/*" } };
            var finding = Single(Audit(new NpmSourceAuditor(), Fixture("npm", "package-lock.json"), options), "npm/InternalPackageFromPublicRegistry", "@scope/scoped-dep");
            Assert.Equal(26, finding.Line);
            Assert.StartsWith("https://registry.npmjs.org/", finding.Resolved);
        }

        [Fact]
        public void WithoutInternalPatternsManifestsAndLocksAreNotRead() =>
            Assert.Empty(Audit(new NpmSourceAuditor(), Fixture("npm", "package-lock.json")));
    }
}
