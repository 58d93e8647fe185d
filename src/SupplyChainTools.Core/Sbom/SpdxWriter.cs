using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace SupplyChainTools.Core.Sbom
{
    /// <summary>
    /// SPDX 2.3 JSON, written from the specification (spdx.github.io/spdx-spec/v2.3): one package per
    /// SoftwareComponent, described by the document, with its purl as a PACKAGE-MANAGER external reference, the
    /// package hash as a checksum, the declared license when it is an SPDX expression (NOASSERTION otherwise),
    /// the source as download location, and the evidence in sourceInfo. Files are not analysed (filesAnalyzed false).
    /// </summary>
    internal static class SpdxWriter
    {
        public static void Write(Utf8JsonWriter json, IReadOnlyList<SoftwareComponent> components, SbomOptions options, Guid serial, DateTime timestamp)
        {
            json.WriteStartObject();
            json.WriteString("spdxVersion", "SPDX-2.3");
            json.WriteString("dataLicense", "CC0-1.0");
            json.WriteString("SPDXID", "SPDXRef-DOCUMENT");
            json.WriteString("name", options.Name);
            json.WriteString("documentNamespace", options.NamespaceBase.TrimEnd('/') + "/" + Uri.EscapeDataString(options.Name) + "-" + serial.ToString("D"));
            json.WriteStartObject("creationInfo");
            json.WriteString("created", SbomFields.Time(timestamp));
            json.WriteStartArray("creators");
            json.WriteStringValue("Tool: SupplyChainTools-" + options.ToolVersion);
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartArray("packages");
            for (int i = 0; i < components.Count; i++)
            {
                WritePackage(json, components[i], PackageId(i));
            }

            json.WriteEndArray();
            json.WriteStartArray("relationships");
            for (int i = 0; i < components.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("spdxElementId", "SPDXRef-DOCUMENT");
                json.WriteString("relationshipType", "DESCRIBES");
                json.WriteString("relatedSpdxElement", PackageId(i));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static string PackageId(int index) => "SPDXRef-Package-" + (index + 1).ToString(CultureInfo.InvariantCulture);

        private static void WritePackage(Utf8JsonWriter json, SoftwareComponent component, string id)
        {
            json.WriteStartObject();
            json.WriteString("SPDXID", id);
            json.WriteString("name", component.Name);
            if (component.Version != null)
            {
                json.WriteString("versionInfo", component.Version);
            }

            json.WriteString("downloadLocation", SbomFields.IsUrl(component.Source) ? component.Source : "NOASSERTION");
            json.WriteBoolean("filesAnalyzed", false);
            if (component.Hash != null && component.HashAlgorithm != null)
            {
                json.WriteStartArray("checksums");
                json.WriteStartObject();
                json.WriteString("algorithm", component.HashAlgorithm);
                json.WriteString("checksumValue", component.Hash.ToLowerInvariant());
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteString("licenseConcluded", "NOASSERTION");
            json.WriteString("licenseDeclared", SbomFields.IsLicenseExpression(component.License) ? component.License : "NOASSERTION");
            json.WriteString("copyrightText", "NOASSERTION");
            json.WriteString("sourceInfo", $"{component.Ecosystem} package recorded by {component.EvidenceKind} at {component.Evidence}; installed at {component.Location}");
            if (component.WeakEvidence)
            {
                json.WriteString("comment", "Weak evidence: the version comes from a PE version resource, not from a package manager's record.");
            }

            if (component.Purl != null)
            {
                json.WriteStartArray("externalRefs");
                json.WriteStartObject();
                json.WriteString("referenceCategory", "PACKAGE-MANAGER");
                json.WriteString("referenceType", "purl");
                json.WriteString("referenceLocator", component.Purl);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }
    }
}
