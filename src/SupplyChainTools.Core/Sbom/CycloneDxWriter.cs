using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace SupplyChainTools.Core.Sbom
{
    /// <summary>
    /// CycloneDX 1.6 JSON, written from the specification (cyclonedx.org/docs/1.6/json): one "library" component per
    /// SoftwareComponent (a PE version resource is a "file"), with its purl, the package hash, the license, the
    /// source as a distribution reference, and evidence: the identity (purl) with the technique and confidence
    /// that found it (manifest-analysis 1.0, or binary-analysis 0.3 for weak evidence) and the install location.
    /// </summary>
    internal static class CycloneDxWriter
    {
        public static void Write(Utf8JsonWriter json, IReadOnlyList<SoftwareComponent> components, SbomOptions options, Guid serial, DateTime timestamp)
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
            json.WriteString("bomFormat", "CycloneDX");
            json.WriteString("specVersion", "1.6");
            json.WriteString("serialNumber", "urn:uuid:" + serial.ToString("D"));
            json.WriteNumber("version", 1);
            json.WriteStartObject("metadata");
            json.WriteString("timestamp", SbomFields.Time(timestamp));
            json.WriteStartObject("tools");
            json.WriteStartArray("components");
            json.WriteStartObject();
            json.WriteString("type", "application");
            json.WriteString("name", "SupplyChainTools");
            json.WriteString("version", options.ToolVersion);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("component");
            json.WriteString("type", "application");
            json.WriteString("bom-ref", "subject");
            json.WriteString("name", options.Name);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("components");
            var references = new HashSet<string>(StringComparer.Ordinal);
            foreach (SoftwareComponent component in components)
            {
                WriteComponent(json, component, UniqueReference(references, component));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void WriteComponent(Utf8JsonWriter json, SoftwareComponent component, string reference)
        {
            json.WriteStartObject();
            json.WriteString("type", component.WeakEvidence ? "file" : "library");
            json.WriteString("bom-ref", reference);
            json.WriteString("name", component.Name);
            if (component.Version != null)
            {
                json.WriteString("version", component.Version);
            }

            if (component.Purl != null)
            {
                json.WriteString("purl", component.Purl);
            }

            if (component.Hash != null && component.HashAlgorithm != null)
            {
                json.WriteStartArray("hashes");
                json.WriteStartObject();
                json.WriteString("alg", SbomFields.CycloneDxAlgorithm(component.HashAlgorithm));
                json.WriteString("content", component.Hash.ToLowerInvariant());
                json.WriteEndObject();
                json.WriteEndArray();
            }

            WriteLicense(json, component.License);
            if (SbomFields.IsUrl(component.Source))
            {
                json.WriteStartArray("externalReferences");
                json.WriteStartObject();
                json.WriteString("type", "distribution");
                json.WriteString("url", component.Source);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            WriteEvidence(json, component);
            WriteProperties(json, component);
            json.WriteEndObject();
        }

        private static void WriteLicense(Utf8JsonWriter json, string? license)
        {
            if (string.IsNullOrWhiteSpace(license))
            {
                return;
            }

            json.WriteStartArray("licenses");
            json.WriteStartObject();
            if (SbomFields.IsLicenseExpression(license))
            {
                json.WriteString("expression", license);
            }
            else
            {
                json.WriteStartObject("license");
                json.WriteString("name", license);
                if (SbomFields.IsUrl(license))
                {
                    json.WriteString("url", license);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndArray();
        }

        private static void WriteEvidence(Utf8JsonWriter json, SoftwareComponent component)
        {
            double confidence = component.WeakEvidence ? 0.3 : 1.0;
            json.WriteStartObject("evidence");
            if (component.Purl != null)
            {
                json.WriteStartArray("identity");
                json.WriteStartObject();
                json.WriteString("field", "purl");
                json.WriteNumber("confidence", confidence);
                json.WriteString("concludedValue", component.Purl);
                json.WriteStartArray("methods");
                json.WriteStartObject();
                json.WriteString("technique", component.WeakEvidence ? "binary-analysis" : "manifest-analysis");
                json.WriteNumber("confidence", confidence);
                json.WriteString("value", component.EvidenceKind + ": " + component.Evidence);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteStartArray("occurrences");
            json.WriteStartObject();
            json.WriteString("location", component.Location);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void WriteProperties(Utf8JsonWriter json, SoftwareComponent component)
        {
            json.WriteStartArray("properties");
            Property(json, "supplychaintools:ecosystem", component.Ecosystem);
            Property(json, "supplychaintools:evidenceKind", component.EvidenceKind);
            Property(json, "supplychaintools:evidence", component.Evidence);
            Property(json, "supplychaintools:weakEvidence", component.WeakEvidence ? "true" : "false");
            Property(json, "supplychaintools:source", component.Source);
            Property(json, "supplychaintools:recordedUtc", component.RecordedUtc == null ? null : SbomFields.Time(component.RecordedUtc.Value));
            Property(json, "supplychaintools:signatureStatus", component.SignatureStatus);
            Property(json, "supplychaintools:publisher", component.Publisher);
            json.WriteEndArray();
        }

        private static void Property(Utf8JsonWriter json, string name, string? value)
        {
            if (value == null)
            {
                return;
            }

            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("value", value);
            json.WriteEndObject();
        }

        /// <summary>The purl when it is the first of its kind, otherwise the purl with "#2", "#3"... (bom-refs must be unique).</summary>
        private static string UniqueReference(HashSet<string> references, SoftwareComponent component)
        {
            string basis = component.Purl ?? ("component:" + component.Ecosystem + "/" + component.Name + "@" + component.Version);
            string reference = basis;
            for (int n = 2; !references.Add(reference); n++)
            {
                reference = basis + "#" + n.ToString(CultureInfo.InvariantCulture);
            }

            return reference;
        }
    }
}
