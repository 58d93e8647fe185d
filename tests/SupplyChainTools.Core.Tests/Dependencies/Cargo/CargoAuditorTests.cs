using System.Collections.Generic;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Cargo;

namespace SupplyChainTools.Core.Tests.Dependencies.Cargo
{
    public sealed class CargoAuditorTests
    {
        private static readonly List<DependencyFinding> Findings = DependencyFixtures.Audit(new CargoAuditor(), "cargo/Cargo.lock");

        [Fact]
        public void RegistryCrateWithChecksumIsPinned() => Findings.NoneAt(14);

        [Fact]
        public void PathPackageHasNoSourceAndIsFine() => Findings.NoneAt(5);

        [Fact]
        public void GitSourceByBranchIsFlagged()
        {
            DependencyFinding finding = Findings.At(26, "Cargo/GitDependency");
            Assert.Equal("git-crate", finding.Package);
            Assert.Equal("04624c8adcbd9b3c1ddb423b03b9c6437bb8dd01", finding.Resolved);
        }

        [Fact]
        public void SparseAlternateRegistryWithChecksumIsPinned() => Findings.NoneAt(20);

        [Fact]
        public void TheLockFileHasExactlyTheExpectedPinningFindings() => Assert.Single(Findings);

        [Fact]
        public void AlternateRegistryIsASourceFindingUnlessAllowed()
        {
            List<DependencyFinding> sources = DependencyFixtures.Audit(new CargoSourceAuditor(), "cargo/Cargo.lock");
            Assert.Equal("alt-registry-crate", sources.At(20, "Cargo/AlternateRegistry").Package);
            Assert.Single(sources);
            var options = new DependencyAuditOptions { AllowedSources = new[] { "crates.example.invalid" } };
            Assert.Empty(DependencyFixtures.Audit(new CargoSourceAuditor(), "cargo/Cargo.lock", options));
        }

        [Fact]
        public void RegistryCrateWithoutChecksumIsFlagged()
        {
            const string toml = "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
            DependencyFixtures.AuditText(new CargoAuditor(), "Cargo.lock", toml).At(3, "Cargo/MissingChecksum");
        }

        [Fact]
        public void MalformedTomlIsOneErrorNamingTheLine()
        {
            var error = Assert.Throws<DependencyFileFormatException>(() => DependencyFixtures.AuditText(new CargoAuditor(), "Cargo.lock", "version = 4\n\n[[package]\nname = \"a\"\n"));
            Assert.Equal(3, error.Line);
        }
    }
}
