using System;

namespace SupplyChainTools.Core.Sbom
{
    /// <summary>The document formats ConvertTo-SoftwareBom writes; defined once.</summary>
    public static class SbomFormat
    {
        /// <summary>CycloneDX 1.6 JSON.</summary>
        public const string CycloneDX = "CycloneDX";

        /// <summary>SPDX 2.3 JSON.</summary>
        public const string Spdx = "SPDX";
    }

    /// <summary>What the SBOM document says about itself. Fixing <see cref="SerialNumber"/> and <see cref="Timestamp"/> makes the output byte-for-byte reproducible.</summary>
    public sealed class SbomOptions
    {
        public string Format { get; set; } = SbomFormat.CycloneDX;

        /// <summary>The name of what the document describes (SPDX document name; CycloneDX metadata component).</summary>
        public string Name { get; set; } = "software-inventory";

        /// <summary>The CycloneDX serial number and the unique part of the SPDX document namespace; a new one when null.</summary>
        public Guid? SerialNumber { get; set; }

        /// <summary>When the document was made (UTC); now when null.</summary>
        public DateTime? Timestamp { get; set; }

        /// <summary>The SPDX document namespace's base URI (the name and serial number are appended).</summary>
        public string NamespaceBase { get; set; } = "https://spdx.org/spdxdocs/";

        /// <summary>The version of this module, recorded as the tool that made the document.</summary>
        public string ToolVersion { get; set; } = "0.0.0";
    }
}
