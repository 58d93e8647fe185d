using System;
using System.Collections.Generic;
using System.Management.Automation;
using SupplyChainTools.Core.Sbom;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Writes the components Get-SoftwareInventory found as one SBOM document: CycloneDX 1.6 or SPDX 2.3 JSON, as a
    /// string (pipe it to Set-Content). Objects that are not components (file checks from -VerifyFiles) are passed over.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "SoftwareBom")]
    [OutputType(typeof(string))]
    public sealed class ConvertToSoftwareBomCommand : SupplyChainCmdlet
    {
        private readonly List<SoftwareComponent> components = new List<SoftwareComponent>();

        /// <summary>The components, usually piped from Get-SoftwareInventory (also after a remoting round trip).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyCollection]
        public PSObject[]? InputObject { get; set; }

        /// <summary>CycloneDX (1.6) or SPDX (2.3).</summary>
        [Parameter(Position = 0)]
        [ValidateSet(SbomFormat.CycloneDX, SbomFormat.Spdx, IgnoreCase = true)]
        public string Format { get; set; } = SbomFormat.CycloneDX;

        /// <summary>The name of what the document describes.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "software-inventory";

        /// <summary>The serial number (CycloneDX) and namespace (SPDX) GUID; a new one by default. Fix it, with -Timestamp, for reproducible output.</summary>
        [Parameter]
        public Guid? SerialNumber { get; set; }

        /// <summary>When the document was made; now by default.</summary>
        [Parameter]
        public DateTime? Timestamp { get; set; }

        protected override void ProcessRecord()
        {
            foreach (PSObject? item in InputObject ?? Array.Empty<PSObject>())
            {
                SoftwareComponent? component = item == null ? null : item.BaseObject as SoftwareComponent ?? FromProperties(item);
                if (component != null)
                {
                    components.Add(component);
                }
                else if (item != null)
                {
                    WriteVerbose($"Passed over an object that is not a software component ({item.TypeNames[0]}).");
                }
            }
        }

        protected override void EndProcessing()
        {
            var options = new SbomOptions
            {
                Format = Format,
                Name = Name,
                SerialNumber = SerialNumber,
                Timestamp = Timestamp?.ToUniversalTime(),
                ToolVersion = MyInvocation.MyCommand.Module?.Version?.ToString() ?? "0.0.0",
            };
            WriteObject(SoftwareBom.Write(components, options));
        }

        /// <summary>A component that came back from remoting or an Import-Clixml: the same properties, as a property bag.</summary>
        private static SoftwareComponent? FromProperties(PSObject item)
        {
            string? Text(string name) => item.Properties[name]?.Value?.ToString();
            string? ecosystem = Text("Ecosystem"), name = Text("Name"), evidence = Text("Evidence"), kind = Text("EvidenceKind");
            if (ecosystem == null || name == null || evidence == null || kind == null)
            {
                return null;
            }

            bool weak = item.Properties["WeakEvidence"]?.Value is bool flag && flag;
            DateTime? recorded = item.Properties["RecordedUtc"]?.Value as DateTime?;
            return new SoftwareComponent(
                ecosystem, name, Text("Version"), Text("Purl"), evidence, kind, weak, Text("Source"), Text("Location") ?? evidence,
                recorded, Text("HashAlgorithm"), Text("Hash"), Text("License"), Text("SignatureStatus"), Text("Publisher"), Text("SignedFile"));
        }
    }
}
