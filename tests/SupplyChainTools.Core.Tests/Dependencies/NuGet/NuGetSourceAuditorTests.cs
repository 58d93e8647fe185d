using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.NuGet;
using static SupplyChainTools.Core.Tests.Dependencies.AuditHelper;

namespace SupplyChainTools.Core.Tests.Dependencies.NuGet
{
    public class NuGetSourceAuditorTests
    {
        private static readonly string Good = Fixture("nuget", "nuget.config");
        private static readonly string Insecure = Fixture("nuget", "insecure", "NuGet.Config");

        [Fact]
        public void GoodBaselineHasNoFinding() => Assert.Empty(Audit(new NuGetSourceAuditor(), Good));

        [Fact]
        public void SourcesWithoutClearAreReported() =>
            Assert.Equal(4, Single(Audit(new NuGetSourceAuditor(), Insecure), "NuGet/SourcesNotCleared", null).Line);

        [Fact]
        public void HttpSourceIsInsecure()
        {
            var finding = Single(Audit(new NuGetSourceAuditor(), Insecure), "NuGet/InsecureSource", "mirror");
            Assert.Equal(5, finding.Line);
            Assert.Contains("allowInsecureConnections", finding.Message);
        }

        [Fact]
        public void DisabledTlsValidationIsReported() =>
            Assert.Equal(6, Single(Audit(new NuGetSourceAuditor(), Insecure), "NuGet/TlsValidationDisabled", "selfsigned").Line);

        [Fact]
        public void SeveralSourcesWithoutMappingAreReportedAndTheDisabledShareIsNotCounted() =>
            Assert.StartsWith("3 enabled sources", Single(Audit(new NuGetSourceAuditor(), Insecure), "NuGet/NoSourceMapping", null).Message);

        [Fact]
        public void UnsetSignatureValidationModeIsReported() =>
            Assert.Contains("'accept'", Single(Audit(new NuGetSourceAuditor(), Insecure), "NuGet/SignatureValidationNotRequired", null).Message);

        [Fact]
        public void TrustedSignerWithUntrustedRootIsReported() =>
            Assert.Equal(16, Single(Audit(new NuGetSourceAuditor(), Insecure), "NuGet/UntrustedRootAllowed", "lax").Line);

        [Fact]
        public void SourcesOutsideTheAllowedListAreUnapproved()
        {
            var options = new DependencyAuditOptions { AllowedSources = new[] { "https://pkgs.example.invalid/nuget/" } };
            var finding = Single(Audit(new NuGetSourceAuditor(), Good, options), "NuGet/UnapprovedSource", "nuget.org");
            Assert.Equal(10, finding.Line);
        }

        [Fact]
        public void InternalPatternMappedToItsOwnFeedIsFine() =>
            Assert.Empty(Audit(new NuGetSourceAuditor(), Good, new DependencyAuditOptions { InternalPackagePatterns = new[] { "Contoso.*", "Fabrikam.Exact" } }));

        [Fact]
        public void InternalPatternLeftToTheCatchAllPublicFeedIsReported()
        {
            var finding = Single(Audit(new NuGetSourceAuditor(), Good, new DependencyAuditOptions { InternalPackagePatterns = new[] { "Northwind.*" } }), "NuGet/InternalPackageUnmapped", "Northwind.*");
            Assert.Equal("https://api.nuget.org/v3/index.json", finding.Resolved);
            Assert.Equal(10, finding.Line);
        }

        [Fact]
        public void GlobalPackagesFolderRecordsAPackageFromAnUnmappedSource()
        {
            var options = new DependencyAuditOptions { GlobalPackagesFolder = Fixture("nuget", "gpf") };
            var findings = Audit(new NuGetSourceAuditor(), Fixture("nuget", "App", "packages.lock.json"), options);
            var finding = Single(findings, "NuGet/RestoredFromUnexpectedSource", "Contoso.Floating");
            Assert.Equal("https://api.nuget.org/v3/index.json", finding.Resolved);
            Assert.Equal(11, finding.Line);
            Assert.Contains("internal", finding.Message);
            Assert.DoesNotContain(findings, f => f.RuleId == "NuGet/ContentHashMismatch");
        }

        [Fact]
        public void WithoutGlobalPackagesFolderLockFilesAreNotRead() =>
            Assert.Empty(Audit(new NuGetSourceAuditor(), Fixture("nuget", "App", "packages.lock.json")));

        [Fact]
        public void NupkgContentHashIsRecomputedAgainstTheLockFile()
        {
            string root = NewFolder();
            byte[] nupkg = System.Text.Encoding.UTF8.GetBytes("not really a zip, but bytes with a hash");
            string good = Convert.ToBase64String(SHA512.HashData(nupkg));
            WriteTemp(root, "nuget.config", "<configuration><packageSources><clear /><add key=\"feed\" value=\"https://feed.example.invalid/v3/index.json\" /></packageSources></configuration>");
            string lockPath = WriteTemp(Path.Combine(root, "src"), "packages.lock.json",
                "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net8.0\": {\n      \"Good\": { \"type\": \"Direct\", \"requested\": \"[1.0.0, 1.0.0]\", \"resolved\": \"1.0.0\", \"contentHash\": \"" + good + "\" },\n" +
                "      \"Tampered\": { \"type\": \"Direct\", \"requested\": \"[1.0.0, 1.0.0]\", \"resolved\": \"1.0.0\", \"contentHash\": \"" + good + "\" }\n    }\n  }\n}\n");
            string gpf = Path.Combine(root, "gpf");
            foreach (string id in new[] { "good", "tampered" })
            {
                string folder = Path.Combine(gpf, id, "1.0.0");
                WriteTemp(folder, ".nupkg.metadata", "{ \"version\": 2, \"contentHash\": \"" + good + "\", \"source\": \"https://feed.example.invalid/v3/index.json\" }");
                File.WriteAllBytes(Path.Combine(folder, id + ".1.0.0.nupkg"), id == "good" ? nupkg : new byte[] { 1, 2, 3 });
            }

            var findings = Audit(new NuGetSourceAuditor(), lockPath, new DependencyAuditOptions { GlobalPackagesFolder = gpf });
            None(findings, "Good");
            var finding = Single(findings, "NuGet/ContentHashMismatch", "Tampered");
            Assert.Equal(good, finding.Requested);
            Assert.Equal(Convert.ToBase64String(SHA512.HashData(new byte[] { 1, 2, 3 })), finding.Resolved);
        }
    }
}
