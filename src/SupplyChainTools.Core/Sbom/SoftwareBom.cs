using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SupplyChainTools.Core.Sbom
{
    /// <summary>
    /// The one entry of ConvertTo-SoftwareBom: inventoried components to a CycloneDX 1.6 or SPDX 2.3 JSON document,
    /// written with System.Text.Json (indented, UTF-8, components in the order given). With a fixed serial number and
    /// timestamp the same components always give the same bytes.
    /// </summary>
    public static class SoftwareBom
    {
        public static string Write(IReadOnlyList<SoftwareComponent> components, SbomOptions options)
        {
            if (components == null)
            {
                throw new ArgumentNullException(nameof(components));
            }

            Guid serial = options.SerialNumber ?? Guid.NewGuid();
            DateTime timestamp = options.Timestamp ?? DateTime.UtcNow;
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                if (string.Equals(options.Format, SbomFormat.Spdx, StringComparison.OrdinalIgnoreCase))
                {
                    SpdxWriter.Write(json, components, options, serial, timestamp);
                }
                else if (string.Equals(options.Format, SbomFormat.CycloneDX, StringComparison.OrdinalIgnoreCase))
                {
                    CycloneDxWriter.Write(json, components, options, serial, timestamp);
                }
                else
                {
                    throw new ArgumentException($"'{options.Format}' is not an SBOM format; use {SbomFormat.CycloneDX} or {SbomFormat.Spdx}.", nameof(options));
                }
            }

            return new UTF8Encoding(false).GetString(buffer.ToArray());
        }
    }
}
