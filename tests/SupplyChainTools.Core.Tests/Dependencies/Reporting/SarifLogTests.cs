using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using Json.Schema;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Docker;
using SupplyChainTools.Core.Dependencies.GitHubActions;
using SupplyChainTools.Core.Dependencies.Reporting;

namespace SupplyChainTools.Core.Tests.Dependencies.Reporting
{
    public sealed class SarifLogTests
    {
        private static readonly Lazy<JsonSchema> Schema = new Lazy<JsonSchema>(LoadSchema);

        /// <summary>The SARIF 2.1.0 schema (draft-04 as shipped), read as draft-07 under a base URI of its own: see tests/fixtures/sarif/README.md.</summary>
        private static JsonSchema LoadSchema()
        {
            string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "sarif", "sarif-2.1.0-rtm.5.json");
            JsonObject schema = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            schema["$schema"] = "http://json-schema.org/draft-07/schema#";
            schema.Remove("id");
            return JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri("https://sarif.test.invalid/" + Guid.NewGuid().ToString("N") + ".json"));
        }

        private static void AssertValid(string sarif)
        {
            using JsonDocument document = JsonDocument.Parse(sarif);
            EvaluationResults results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            string errors = string.Join("; ", results.Details?.Where(d => d.Errors != null).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value)) ?? Enumerable.Empty<string>());
            Assert.True(results.IsValid, errors);
        }

        private static List<DependencyFinding> RealFindings()
        {
            var findings = DependencyFixtures.Audit(new GitHubActionsAuditor(), "gha/.github/workflows/ci.yml");
            findings.AddRange(DependencyFixtures.Audit(new DockerfileAuditor(), "docker/Dockerfile"));
            findings[0] = findings[0].Suppress("Reviewed: the runner image is rebuilt nightly.");
            return findings;
        }

        private static IEnumerable<DependencyRule> Rules() => new GitHubActionsAuditor().Rules.Concat(new DockerfileAuditor().Rules);

        [Fact]
        public void LogOfRealFindingsIsValidSarif210() =>
            AssertValid(SarifLog.ToJson(RealFindings(), DependencyFixtures.Root, Rules(), CancellationToken.None));

        [Fact]
        public void EmptyLogIsValidSarif210() => AssertValid(SarifLog.ToJson(Array.Empty<DependencyFinding>(), null, null, CancellationToken.None));

        [Fact]
        public void SchemaRejectsABrokenLog() =>
            Assert.False(Schema.Value.Evaluate(JsonDocument.Parse("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[]}]}").RootElement).IsValid);

        [Fact]
        public void ResultsCarryRuleLevelLocationAndLine()
        {
            JsonNode log = JsonNode.Parse(SarifLog.ToJson(RealFindings(), DependencyFixtures.Root, Rules(), CancellationToken.None))!;
            JsonArray results = log["runs"]![0]!["results"]!.AsArray();
            JsonNode branch = results.First(r => r!["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>() == 13
                && r["ruleId"]!.GetValue<string>() == "GitHubActions/UnpinnedAction")!;
            Assert.Equal("error", branch["level"]!.GetValue<string>());
            JsonNode artifact = branch["locations"]![0]!["physicalLocation"]!["artifactLocation"]!;
            Assert.Equal("gha/.github/workflows/ci.yml", artifact["uri"]!.GetValue<string>());
            Assert.Equal("SRCROOT", artifact["uriBaseId"]!.GetValue<string>());
            int index = branch["ruleIndex"]!.GetValue<int>();
            JsonNode rule = log["runs"]![0]!["tool"]!["driver"]!["rules"]![index]!;
            Assert.Equal("GitHubActions/UnpinnedAction", rule["id"]!.GetValue<string>());
            Assert.Equal(GitHubActionsAuditor.UnpinnedAction.Title, rule["shortDescription"]!["text"]!.GetValue<string>());
            Assert.Equal("8.0", rule["properties"]!["security-severity"]!.GetValue<string>());
        }

        [Fact]
        public void SuppressedFindingsStayWithAnExternalSuppression()
        {
            List<DependencyFinding> findings = RealFindings();
            JsonArray results = JsonNode.Parse(SarifLog.ToJson(findings, DependencyFixtures.Root, Rules(), CancellationToken.None))!["runs"]![0]!["results"]!.AsArray();
            Assert.Equal(findings.Count, results.Count);
            JsonNode suppression = Assert.Single(results, r => r!["suppressions"] != null)!["suppressions"]![0]!;
            Assert.Equal("external", suppression["kind"]!.GetValue<string>());
            Assert.Equal("Reviewed: the runner image is rebuilt nightly.", suppression["justification"]!.GetValue<string>());
        }

        [Fact]
        public void FileOutsideTheBaseIsAnAbsoluteUriAndSpacesAreEscaped()
        {
            string root = Path.Combine(Path.GetTempPath(), "a b");
            Assert.Equal("c%20d/e.yml", SarifLog.RelativeUri(root, Path.Combine(root, "c d", "e.yml")));
            Assert.Null(SarifLog.RelativeUri(root, Path.Combine(Path.GetTempPath(), "elsewhere.yml")));
        }

        [Fact]
        public void RulesNotDeclaredAreTakenFromTheirFindings()
        {
            var finding = new DependencyFinding("Npm/Example", FindingSeverity.Low, FindingMitigation.PinDependencies, "npm", "/x/package.json", null, "a", "^1", null, "m.", "r.");
            string sarif = SarifLog.ToJson(new[] { finding }, null, null, CancellationToken.None);
            AssertValid(sarif);
            JsonNode rule = JsonNode.Parse(sarif)!["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!;
            Assert.Equal("note", rule["defaultConfiguration"]!["level"]!.GetValue<string>());
            Assert.Equal("r.", rule["help"]!["text"]!.GetValue<string>());
        }

        [Fact]
        public void WriteFileNeverOverwritesWithoutForceAndReplacesAtomicallyWithIt()
        {
            string folder = Path.Combine(Path.GetTempPath(), "sct-sarif-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string path = Path.Combine(folder, "out.sarif");
                File.WriteAllText(path, "old");
                Assert.Throws<IOException>(() => SarifLog.WriteFile(path, RealFindings(), folder, Rules(), false, CancellationToken.None));
                Assert.Equal("old", File.ReadAllText(path));
                SarifLog.WriteFile(path, RealFindings(), folder, Rules(), true, CancellationToken.None);
                AssertValid(File.ReadAllText(path));
                Assert.Single(Directory.GetFiles(folder));
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }
    }
}
