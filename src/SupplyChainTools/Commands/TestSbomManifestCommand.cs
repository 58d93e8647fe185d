using System;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Sbom;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Checks an installed product against the SPDX manifest its vendor shipped, with the manifest's signed catalog
    /// verified first, on every OS: every listed file present and matching, nothing added.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SbomManifest", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(SbomManifestFileCheck))]
    [OutputType(typeof(SbomManifestSummary))]
    [OutputType(typeof(bool))]
    public sealed class TestSbomManifestCommand : FolderTrustCmdlet
    {
        private const string DefaultSet = "Files";
        private const string SummarySet = "Summary";
        private const string QuietSet = "Quiet";

        /// <summary>The installed product's folder.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The SPDX manifest; by default _manifest/spdx_2.2/manifest.spdx.json below -Path.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? ManifestPath { get; set; }

        /// <summary>Return one summary object instead of one result per file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
        public SwitchParameter Summary { get; set; }

        /// <summary>Return one Boolean: true when the manifest's catalog is valid, every listed file matches and none was added.</summary>
        [Parameter(Mandatory = true, ParameterSetName = QuietSet)]
        public SwitchParameter Quiet { get; set; }

        protected override void EndProcessing()
        {
            string folder = ResolveInputFolderPath(Path, ErrorIds.FolderNotFound, resolved => $"'{resolved}' is not a folder; name the installed product's folder.");
            string manifest = ResolveInputFilePath(ManifestPath ?? System.IO.Path.Combine(folder, SbomManifestVerification.DefaultManifest), ErrorIds.SbomManifestNotFound)!;
            AuthenticodeVerifier verifier = TrustConfiguration.CreateVerifier(this);
            SbomManifestSummary summary;
            try
            {
                summary = SbomManifestVerification.Run(folder, manifest, verifier, StopToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (InvalidDataException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.SbomManifestInvalid, ErrorCategory.InvalidData, manifest));
                return;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecords.ForInputFile(ex, manifest, ErrorIds.SbomManifestNotFound, manifest));
                return;
            }

            if (summary.ManifestStatus != AuthenticodeStatus.Valid && !Quiet)
            {
                WriteWarning($"The manifest '{summary.ManifestPath}' is not proven to be the vendor's ({summary.ManifestStatus}): {summary.ManifestStatusMessage}");
            }

            if (Quiet)
            {
                WriteObject(summary.IsValid);
            }
            else if (Summary)
            {
                WriteObject(summary);
            }
            else
            {
                foreach (SbomManifestFileCheck file in summary.Files)
                {
                    WriteObject(file);
                }
            }
        }
    }
}
