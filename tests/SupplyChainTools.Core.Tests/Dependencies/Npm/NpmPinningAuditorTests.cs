using System.Linq;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Npm;
using static SupplyChainTools.Core.Tests.Dependencies.AuditHelper;

namespace SupplyChainTools.Core.Tests.Dependencies.Npm
{
    public class NpmPinningAuditorTests
    {
        private static readonly string Manifest = Fixture("npm", "package.json");
        private static readonly string Lock = Fixture("npm", "package-lock.json");

        [Theory]
        [InlineData("exact-dep")]
        [InlineData("git-sha-dep")]
        [InlineData("file-dep")]
        [InlineData("alias-dep")]
        [InlineData("transitive-x")]
        public void PinnedAndLocalSpecsHaveNoFinding(string package) => None(Audit(new NpmPinningAuditor(), Manifest), package);

        [Theory]
        [InlineData("caret-dep", "npm/VersionRange", 7)]
        [InlineData("tilde-dep", "npm/VersionRange", 8)]
        [InlineData("star-dep", "npm/VersionRange", 9)]
        [InlineData("latest-dep", "npm/DistTag", 10)]
        [InlineData("range-dep", "npm/VersionRange", 11)]
        [InlineData("xrange-dep", "npm/VersionRange", 12)]
        [InlineData("git-dep", "npm/GitReference", 13)]
        [InlineData("tarball-dep", "npm/RemoteUrl", 15)]
        [InlineData("dev-caret", "npm/VersionRange", 20)]
        public void UnpinnedSpecsAreClassified(string package, string rule, int line) =>
            Assert.Equal(line, Single(Audit(new NpmPinningAuditor(), Manifest), rule, package).Line);

        [Theory]
        [InlineData("old-sha1-dep", "npm/LockWeakIntegrity", 32)]
        [InlineData("http-dep", "npm/LockInsecureResolved", 37)]
        [InlineData("foreign-host-dep", "npm/LockForeignHost", 42)]
        [InlineData("renamed-dep", "npm/LockNameMismatch", 47)]
        [InlineData("no-integrity-dep", "npm/LockMissingIntegrity", 52)]
        [InlineData("git-dep", "npm/LockGitSource", 60)]
        public void LockEntriesAreClassified(string package, string rule, int line) =>
            Assert.Equal(line, Single(Audit(new NpmPinningAuditor(), Lock), rule, package).Line);

        [Theory]
        [InlineData("exact-dep")]
        [InlineData("caret-dep")]
        [InlineData("@scope/scoped-dep")]
        [InlineData("no-resolved-dep")]
        [InlineData("file-dep")]
        [InlineData("nested-dep")]
        public void CleanLockEntriesHaveNoFinding(string package) => None(Audit(new NpmPinningAuditor(), Lock), package);

        [Fact]
        public void HttpEntryOnTheRegistryHostIsOnlyInsecure() =>
            Assert.Single(Audit(new NpmPinningAuditor(), Lock), f => f.Package == "http-dep");

        [Fact]
        public void ApprovedHostIsNotForeign()
        {
            var options = new DependencyAuditOptions { AllowedSources = new[] { "npm.attacker.invalid" } };
            None(Audit(new NpmPinningAuditor(), Lock, options), "foreign-host-dep");
        }

        [Fact]
        public void LegacyV1LockIsClean()
        {
            var entries = NpmLockFile.Read(new DependencyFile(Fixture("npm", "legacy-v1", "package-lock.json"), "package-lock.json"), default);
            Assert.Equal(new[] { "exact-dep", "caret-dep", "nested-dep" }, entries.Select(e => e.Name));
            Assert.Equal(new int?[] { 7, 12, 18 }, entries.Select(e => e.Line));
            Assert.Empty(Audit(new NpmPinningAuditor(), Fixture("npm", "legacy-v1", "package-lock.json")));
        }

        [Fact]
        public void MalformedLockIsOneErrorNamingTheLine()
        {
            string path = WriteTemp(NewFolder(), "package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/a\": { \"version\": \"1.0.0\" \n  }\n");
            var error = Assert.Throws<DependencyFileFormatException>(() => Audit(new NpmPinningAuditor(), path));
            Assert.Equal(path, error.Path);
            Assert.NotNull(error.Line);
        }

        [Theory]
        [InlineData("1.2.3", null)]
        [InlineData("=1.2.3", null)]
        [InlineData("v1.2.3-beta.1", null)]
        [InlineData("1.2", "npm/VersionRange")]
        [InlineData("", "npm/VersionRange")]
        [InlineData("next", "npm/DistTag")]
        [InlineData("owner/repo", "npm/GitReference")]
        [InlineData("owner/repo#0123456789abcdef0123456789abcdef01234567", null)]
        [InlineData("npm:other@^1.0.0", "npm/VersionRange")]
        [InlineData("workspace:*", null)]
        [InlineData("1.0.0 || 2.0.0", "npm/VersionRange")]
        public void SpecsAreClassified(string spec, string? rule) => Assert.Equal(rule, NpmSpec.Classify(spec)?.Rule.Id);
    }
}
