using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Json.Schema;
using SupplyChainTools.Core.Inventory;
using SupplyChainTools.Core.Sbom;

namespace SupplyChainTools.Core.Tests.Sbom
{
    /// <summary>
    /// The SBOM documents of the inventory fixture tree, validated against the published schemas (CycloneDX 1.6 with
    /// its SPDX license and JSF schemas, SPDX 2.3), and written the same way twice.
    /// </summary>
    public sealed class SoftwareBomTests
    {
        private static readonly Guid Serial = new Guid("3e671687-395b-41f5-a30f-a58921a69b79");
        private static readonly DateTime Time = new DateTime(2024, 3, 5, 9, 20, 30, DateTimeKind.Utc);
        private static readonly Lazy<JsonSchema> CycloneDxSchema = new Lazy<JsonSchema>(LoadCycloneDxSchema);
        private static readonly Lazy<JsonSchema> SpdxSchema = new Lazy<JsonSchema>(() =>
            JsonSchema.FromFile(SchemaPath("spdx-schema-2.3.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

        private static string SchemaPath(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "sbom", "schemas", name);

        private static JsonSchema LoadCycloneDxSchema()
        {
            var registry = new SchemaRegistry();
            var options = new BuildOptions { SchemaRegistry = registry };
            foreach (string name in new[] { "spdx", "jsf-0.82" })
            {
                // The bom schema refers to its siblings by their file names in the npm package (*.SNAPSHOT.schema.json).
                var uri = new Uri("http://cyclonedx.org/schema/" + name + ".SNAPSHOT.schema.json");
                registry.Register(uri, JsonSchema.FromFile(SchemaPath(name + ".SNAPSHOT.schema.json"), options, uri));
            }

            return JsonSchema.FromFile(SchemaPath("bom-1.6.SNAPSHOT.schema.json"), options);
        }

        internal static IReadOnlyList<SoftwareComponent> FixtureComponents()
        {
            string tree = Path.Combine(AppContext.BaseDirectory, "fixtures", "inventory", "tree");
            List<InventoryOutcome> outcomes = SoftwareInventory.Run(new[] { tree }, new InventoryOptions(), null, null, CancellationToken.None).ToList();
            Assert.All(outcomes, outcome => Assert.Null(outcome.Error));
            return outcomes.Select(outcome => outcome.Component!).ToList();
        }

        private static string Write(string format, IReadOnlyList<SoftwareComponent> components) =>
            SoftwareBom.Write(components, new SbomOptions { Format = format, SerialNumber = Serial, Timestamp = Time, Name = "fixtures", ToolVersion = "1.2.3" });

        private static void AssertValid(JsonSchema schema, string document)
        {
            using JsonDocument parsed = JsonDocument.Parse(document);
            EvaluationResults results = schema.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            string errors = results.IsValid ? string.Empty : JsonSerializer.Serialize(results);
            errors = errors.Length > 4000 ? errors.Substring(0, 4000) : errors;
            Assert.True(results.IsValid, errors);
        }

        [Fact]
        public void CycloneDxOfTheFixtureTreeIsValidAgainstTheSchema()
        {
            IReadOnlyList<SoftwareComponent> components = FixtureComponents();
            Assert.True(components.Count > 50, components.Count + " components");
            AssertValid(CycloneDxSchema.Value, Write(SbomFormat.CycloneDX, components));
        }

        [Fact]
        public void SpdxOfTheFixtureTreeIsValidAgainstTheSchema()
        {
            AssertValid(SpdxSchema.Value, Write(SbomFormat.Spdx, FixtureComponents()));
        }

        [Fact]
        public void TheSchemasRejectWhatTheSpecificationsForbid()
        {
            string cycloneDx = Write(SbomFormat.CycloneDX, FixtureComponents().Take(2).ToList()).Replace("urn:uuid:3e671687", "urn:uuid:NOT-A-UUID");
            Assert.False(CycloneDxSchema.Value.Evaluate(JsonDocument.Parse(cycloneDx).RootElement).IsValid);
            string spdx = Write(SbomFormat.Spdx, FixtureComponents().Take(2).ToList()).Replace("\"SPDXRef-Package-1\"", "\"Package 1\"");
            Assert.False(SpdxSchema.Value.Evaluate(JsonDocument.Parse(spdx).RootElement).IsValid);
        }

        [Theory]
        [InlineData(SbomFormat.CycloneDX)]
        [InlineData(SbomFormat.Spdx)]
        public void TheSameComponentsGiveTheSameBytes(string format)
        {
            IReadOnlyList<SoftwareComponent> components = FixtureComponents();
            Assert.Equal(Write(format, components), Write(format, components));
            string other = SoftwareBom.Write(components, new SbomOptions { Format = format, Timestamp = Time, Name = "fixtures", ToolVersion = "1.2.3" });
            Assert.NotEqual(Write(format, components), other);
        }

        [Fact]
        public void CycloneDxCarriesPurlHashLicenseSourceAndEvidence()
        {
            using JsonDocument document = JsonDocument.Parse(Write(SbomFormat.CycloneDX, FixtureComponents()));
            JsonElement root = document.RootElement;
            Assert.Equal("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", root.GetProperty("serialNumber").GetString());
            Assert.Equal("2024-03-05T09:20:30Z", root.GetProperty("metadata").GetProperty("timestamp").GetString());
            JsonElement[] components = root.GetProperty("components").EnumerateArray().ToArray();
            Assert.Equal(components.Length, components.Select(c => c.GetProperty("bom-ref").GetString()).Distinct().Count());
            JsonElement xunit = components.Single(c => c.GetProperty("name").GetString() == "xunit");
            Assert.Equal("pkg:nuget/xunit@2.9.3", xunit.GetProperty("purl").GetString());
            Assert.Equal("SHA-512", xunit.GetProperty("hashes")[0].GetProperty("alg").GetString());
            Assert.Matches("^[0-9a-f]{128}$", xunit.GetProperty("hashes")[0].GetProperty("content").GetString());
            Assert.Equal("Apache-2.0", xunit.GetProperty("licenses")[0].GetProperty("expression").GetString());
            Assert.Equal("https://api.nuget.org/v3/index.json", xunit.GetProperty("externalReferences")[0].GetProperty("url").GetString());
            JsonElement identity = xunit.GetProperty("evidence").GetProperty("identity")[0];
            Assert.Equal("manifest-analysis", identity.GetProperty("methods")[0].GetProperty("technique").GetString());
            Assert.EndsWith(".nupkg.metadata", identity.GetProperty("methods")[0].GetProperty("value").GetString());
            JsonElement requests = components.Single(c => c.GetProperty("name").GetString() == "Requests");
            Assert.Equal("Apache 2.0", requests.GetProperty("licenses")[0].GetProperty("license").GetProperty("name").GetString());
        }

        [Fact]
        public void SpdxDescribesEveryPackageWithItsPurl()
        {
            IReadOnlyList<SoftwareComponent> components = FixtureComponents();
            using JsonDocument document = JsonDocument.Parse(Write(SbomFormat.Spdx, components));
            JsonElement root = document.RootElement;
            Assert.Equal("SPDX-2.3", root.GetProperty("spdxVersion").GetString());
            Assert.Equal("https://spdx.org/spdxdocs/fixtures-3e671687-395b-41f5-a30f-a58921a69b79", root.GetProperty("documentNamespace").GetString());
            JsonElement[] packages = root.GetProperty("packages").EnumerateArray().ToArray();
            Assert.Equal(components.Count, packages.Length);
            Assert.Equal(components.Count, root.GetProperty("relationships").GetArrayLength());
            JsonElement ua = packages.First(p => p.GetProperty("name").GetString() == "ua-parser-js");
            Assert.Equal("pkg:npm/ua-parser-js@0.7.29", ua.GetProperty("externalRefs")[0].GetProperty("referenceLocator").GetString());
            Assert.Equal("MIT", ua.GetProperty("licenseDeclared").GetString());
            JsonElement requests = packages.Single(p => p.GetProperty("name").GetString() == "Requests");
            Assert.Equal("NOASSERTION", requests.GetProperty("licenseDeclared").GetString());
        }

        [Theory]
        [InlineData("MIT", true)]
        [InlineData("Apache-2.0", true)]
        [InlineData("(MIT OR Apache-2.0) AND BSD-3-Clause", true)]
        [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", true)]
        [InlineData("LicenseRef-Contoso", true)]
        [InlineData("Apache 2.0", false)]
        [InlineData("https://opensource.org/licenses/MIT", false)]
        [InlineData("MIT OR", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void OnlySpdxExpressionsAreWrittenAsExpressions(string? license, bool expected) =>
            Assert.Equal(expected, SbomFields.IsLicenseExpression(license));
    }
}
