using System;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Checks a folder against a signed catalog (.cat), as Windows' Test-FileCatalog does for PowerShell modules
    /// that ship one, on every OS: the catalog's signature and chain, every listed file present and matching,
    /// and no file added. Named apart from the built-in Test-FileCatalog so both can be used side by side.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CatalogIntegrity", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(CatalogFileCheck))]
    [OutputType(typeof(CatalogCheckSummary))]
    [OutputType(typeof(bool))]
    public sealed class TestCatalogIntegrityCommand : FolderTrustCmdlet
    {
        private const string DefaultSet = "Files";
        private const string SummarySet = "Summary";
        private const string QuietSet = "Quiet";

        /// <summary>The catalog file to check against.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [Alias("Catalog")]
        public string CatalogFilePath { get; set; } = string.Empty;

        /// <summary>The folder whose files the catalog lists; by default the catalog's own folder.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Return one summary object (counts per status, the catalog's verdict, every file's result) instead of one result per file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
        public SwitchParameter Summary { get; set; }

        /// <summary>Return one Boolean: true when the catalog is valid, every listed file matches and none was added.</summary>
        [Parameter(Mandatory = true, ParameterSetName = QuietSet)]
        public SwitchParameter Quiet { get; set; }

        protected override void EndProcessing()
        {
            AuthenticodeVerifier verifier = TrustConfiguration.CreateVerifier(this);
            CatalogVerifier catalog = CatalogCmdletSupport.OpenCatalog(this, verifier, CatalogFilePath, StopToken);

            string folder = Path == null
                ? System.IO.Path.GetDirectoryName(catalog.CatalogPath) ?? "."
                : ResolveInputFolderPath(Path, ErrorIds.FolderNotFound, resolved => $"'{resolved}' is not a folder.");
            WriteVerbose($"Catalog '{catalog.CatalogPath}': {catalog.CatalogSignature.Status}. {catalog.CatalogSignature.StatusMessage}");
            CatalogCheckSummary summary;
            try
            {
                summary = CatalogFolderCheck.Compare(folder, catalog, StopToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.FolderUnreadable, ErrorCategory.ReadError, folder));
                return;
            }

            if (!string.Equals(summary.CatalogStatus, AuthenticodeStatus.Valid, StringComparison.Ordinal) && !Quiet)
            {
                WriteWarning($"The catalog '{summary.CatalogPath}' is not valid ({summary.CatalogStatus}): {summary.CatalogStatusMessage}");
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
                foreach (CatalogFileCheck file in summary.Files)
                {
                    WriteObject(file);
                }
            }
        }
    }
}
