using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using SupplyChainTools.Core.Advisories;
using SupplyChainTools.Core.Tests.FileSystem;

namespace SupplyChainTools.Core.Tests.Advisories
{
    public sealed class OsvDatabaseTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private static string Fixture(params string[] parts) => Path.Combine(new[] { AppContext.BaseDirectory, "fixtures", "osv" }.Concat(parts).ToArray());

        [Fact]
        public void OsvScannersCacheLayout_LoadsTheSameRecordsAsThePlainFolder()
        {
            var problems = new List<string>();
            OsvDatabase zipped = OsvDatabase.Load(Fixture("cache"), (ex, path) => problems.Add(path), default);
            OsvDatabase plain = OsvDatabase.Load(Fixture("records"), (ex, path) => problems.Add(path), default);

            Assert.Empty(problems);
            Assert.Equal(4, zipped.RecordCount);
            Assert.Equal(plain.RecordCount, zipped.RecordCount);
            Assert.Equal(new[] { "Debian", "NuGet", "PyPI", "npm" }, zipped.EcosystemNames.OrderBy(e => e, StringComparer.Ordinal));
            OsvAffected block = zipped.Find("npm", "ua-parser-js").First();
            Assert.EndsWith("all.zip!GHSA-pjwm-rvh2-c87w.json", block.Record.Source);
            Assert.Equal(3, zipped.Find("npm", "ua-parser-js").Count);
        }

        [Fact]
        public void ABrokenRecord_IsOneProblemNamingIt_AndTheRestStillLoad()
        {
            File.Copy(Fixture("records", "npm", "GHSA-pjwm-rvh2-c87w.json"), _temp.Combine("good.json"));
            _temp.WriteFile("truncated.json", "{\"id\": \"GHSA-xxxx\", \"affected\": [");
            _temp.WriteFile("binary.json", new byte[] { 0xFF, 0xFE, 0x00, 0x7B, 0x80, 0x81 });
            _temp.WriteFile("noid.json", "{\"affected\": []}");
            using (ZipArchive archive = ZipFile.Open(_temp.Combine("all.zip"), ZipArchiveMode.Create))
            {
                using (var writer = new StreamWriter(archive.CreateEntry("bad.json").Open()))
                {
                    writer.Write("{\"id\": \"X\", \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": \"a\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"fixed\": 1}]}]}]}");
                }

                using (var writer = new StreamWriter(archive.CreateEntry("ok.json").Open()))
                {
                    writer.Write("{\"id\": \"Y\", \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": \"b\"}, \"versions\": [\"1.0.0\"]}]}");
                }
            }

            var problems = new List<KeyValuePair<string, Exception>>();
            OsvDatabase database = OsvDatabase.Load(_temp.Path, (ex, path) => problems.Add(new KeyValuePair<string, Exception>(path, ex)), default);

            Assert.Equal(2, database.RecordCount);
            Assert.Equal(new[] { "all.zip!bad.json", "binary.json", "noid.json", "truncated.json" }, problems.Select(p => Path.GetFileName(p.Key)).OrderBy(p => p, StringComparer.Ordinal));
            OsvRecordException truncated = Assert.IsType<OsvRecordException>(problems.Single(p => p.Key.EndsWith("truncated.json", StringComparison.Ordinal)).Value);
            Assert.Equal(1, truncated.Line);
            Assert.Contains("truncated.json", truncated.Message);
        }

        [Fact]
        public void AZipBombEntry_IsRefusedByItsExpandedSize()
        {
            using (ZipArchive archive = ZipFile.Open(_temp.Combine("all.zip"), ZipArchiveMode.Create))
            using (Stream entry = archive.CreateEntry("huge.json", CompressionLevel.Optimal).Open())
            {
                byte[] spaces = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
                for (int i = 0; i < 17; i++)
                {
                    entry.Write(spaces, 0, spaces.Length);
                }
            }

            var problems = new List<Exception>();
            OsvDatabase database = OsvDatabase.Load(_temp.Path, (ex, path) => problems.Add(ex), default);

            Assert.Equal(0, database.RecordCount);
            Assert.IsType<InvalidDataException>(Assert.Single(problems));
        }

        [Fact]
        public void AWithdrawnRecord_MatchesNothing()
        {
            OsvDatabase database = OsvDatabase.FromRecords(new Dictionary<string, string>
            {
                ["w.json"] = "{\"id\": \"GHSA-w\", \"withdrawn\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": \"a\"}, \"versions\": [\"1.0.0\"]}]}",
            });

            Assert.Empty(new KnownVulnerabilityCheck(database, true).Check(KnownVulnerabilityCheckTests.Component("npm", "a", "1.0.0")));
        }

        [Theory]
        [InlineData("{\"introduced\": \"0\"}, {\"last_affected\": \"2.1.0\"}", "2.1.0", true)]
        [InlineData("{\"introduced\": \"0\"}, {\"last_affected\": \"2.1.0\"}", "2.1.1", false)]
        [InlineData("{\"introduced\": \"1.0.0\"}, {\"limit\": \"1.5.0\"}", "1.4.9", true)]
        [InlineData("{\"introduced\": \"1.0.0\"}, {\"limit\": \"1.5.0\"}", "1.5.0", false)]
        [InlineData("{\"fixed\": \"2.0.0\"}, {\"introduced\": \"1.0.0\"}", "1.5.0", true)]
        [InlineData("{\"introduced\": \"1.0.0\"}, {\"fixed\": \"1.1.0\"}, {\"introduced\": \"2.0.0\"}", "3.0.0", true)]
        [InlineData("{\"introduced\": \"1.0.0\"}, {\"fixed\": \"1.1.0\"}, {\"introduced\": \"2.0.0\"}", "1.5.0", false)]
        public void SemverRanges_FollowTheSchemasEvaluationRules(string events, string version, bool affected)
        {
            OsvDatabase database = OsvDatabase.FromRecords(new Dictionary<string, string>
            {
                ["r.json"] = "{\"id\": \"R\", \"affected\": [{\"package\": {\"ecosystem\": \"crates.io\", \"name\": \"a\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [" + events + "]}]}]}",
            });

            VulnerabilityMatch match = Assert.Single(new KnownVulnerabilityCheck(database, true).Check(KnownVulnerabilityCheckTests.Component("crates.io", "a", version)));
            Assert.Equal(affected ? VulnerabilityMatchStatus.Affected : VulnerabilityMatchStatus.NotAffected, match.Status);
        }

        [Theory]
        [InlineData("v45.0.7", VulnerabilityMatchStatus.Affected)]
        [InlineData("v46.0.1", VulnerabilityMatchStatus.NotAffected)]
        [InlineData("v4", VulnerabilityMatchStatus.Unparseable)]
        public void AnActionPinnedByTag_IsMatchedByReleaseTag_AndAMovingMajorTagIsUnparseable(string tag, string status)
        {
            OsvDatabase database = OsvDatabase.FromRecords(new Dictionary<string, string>
            {
                ["a.json"] = "{\"id\": \"GHSA-mrrh-fwg8-r2c3\", \"aliases\": [\"CVE-2025-30066\"], \"affected\": [{\"package\": {\"ecosystem\": \"GitHub Actions\", \"name\": \"tj-actions/changed-files\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"46.0.1\"}]}]}]}",
            });

            VulnerabilityMatch match = Assert.Single(new KnownVulnerabilityCheck(database, true).Check(KnownVulnerabilityCheckTests.Component("GitHub Actions", "TJ-Actions/Changed-Files", tag)));
            Assert.Equal(status, match.Status);
        }

        [Theory]
        [InlineData("3.1.4-r0", VulnerabilityMatchStatus.Affected)]
        [InlineData("3.1.4_rc1-r0", VulnerabilityMatchStatus.Affected)]
        [InlineData("3.1.4-r1", VulnerabilityMatchStatus.NotAffected)]
        [InlineData("3.1.4_p1-r0", VulnerabilityMatchStatus.NotAffected)]
        public void AlpineRecords_AreOrderedAsApkOrdersThem(string version, string status)
        {
            OsvDatabase database = OsvDatabase.FromRecords(new Dictionary<string, string>
            {
                ["alpine.json"] = "{\"id\": \"ALPINE-CVE-X\", \"affected\": [{\"package\": {\"ecosystem\": \"Alpine:v3.19\", \"name\": \"openssl\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"3.1.4-r1\"}]}]}]}",
            });

            Assert.Equal(status, Assert.Single(new KnownVulnerabilityCheck(database, true).Check(KnownVulnerabilityCheckTests.Component("Alpine", "openssl", version))).Status);
        }

        [Fact]
        public void AnEcosystemWithoutAVersionOrder_IsNotMatchable_ButItsListedVersionsStillMatch()
        {
            OsvDatabase database = OsvDatabase.FromRecords(new Dictionary<string, string>
            {
                ["m.json"] = "{\"id\": \"M\", \"affected\": [{\"package\": {\"ecosystem\": \"Maven\", \"name\": \"g:a\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"2.0\"}]}], \"versions\": [\"1.0\"]}]}",
            });
            var check = new KnownVulnerabilityCheck(database, true);

            Assert.Equal(VulnerabilityMatchStatus.Affected, Assert.Single(check.Check(KnownVulnerabilityCheckTests.Component("Maven", "g:a", "1.0"))).Status);
            Assert.Equal(VulnerabilityMatchStatus.NotMatchable, Assert.Single(check.Check(KnownVulnerabilityCheckTests.Component("Maven", "g:a", "1.5"))).Status);
        }
    }
}
