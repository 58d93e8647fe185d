using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Dependencies.Reporting;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Turns dependency findings (Test-DependencyPinning, Test-DependencySource) into a SARIF 2.1.0 log for code
    /// scanning: the JSON text, or a file written atomically (-OutFile, replaced only with -Force). Suppressed
    /// findings stay in the log with their reason. -Summary adds the counts and the CI exit-code bits.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "SarifLog")]
    [OutputType(typeof(string), typeof(DependencyAuditSummary))]
    public sealed class ConvertToSarifLogCommand : SupplyChainCmdlet
    {
        private readonly List<DependencyFinding> _findings = new List<DependencyFinding>();

        /// <summary>The findings, usually from the pipeline.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
        [AllowEmptyCollection]
        public DependencyFinding[] InputObject { get; set; } = Array.Empty<DependencyFinding>();

        /// <summary>The folder the log's file locations are relative to (the repository root); default: the current location.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BasePath { get; set; }

        /// <summary>Write the log to this file instead of returning it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Replace an existing -OutFile.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Also return a DependencyAuditSummary: counts per severity and the exit-code bits (High 4, Medium 2, Low 1).</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        protected override void ProcessRecord()
        {
            foreach (DependencyFinding finding in InputObject)
            {
                if (finding != null)
                {
                    _findings.Add(finding);
                }
            }
        }

        protected override void EndProcessing()
        {
            string basePath = BasePath == null
                ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
                : ResolveInputFolderPath(BasePath, ErrorIds.FolderNotFound, folder => $"-BasePath '{folder}' is not a folder.");
            if (OutFile == null)
            {
                WriteObject(SarifLog.ToJson(_findings, basePath, null, StopToken));
            }
            else
            {
                WriteFile(ResolveInputFilePath(OutFile, ErrorIds.SarifWriteFailed)!, basePath);
            }

            if (Summary)
            {
                WriteObject(DependencyAuditSummary.From(_findings));
            }
        }

        private void WriteFile(string path, string basePath)
        {
            if (!Force && (File.Exists(path) || Directory.Exists(path)))
            {
                ThrowTerminatingError(new ErrorRecord(new IOException($"'{path}' already exists; add -Force to replace it."), ErrorIds.SarifFileExists, ErrorCategory.ResourceExists, path));
            }

            try
            {
                SarifLog.WriteFile(path, _findings, basePath, null, overwrite: true, StopToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                ThrowTerminatingError(new ErrorRecord(new IOException($"The SARIF log could not be written to '{path}': {ex.Message}", ex), ErrorIds.SarifWriteFailed, ErrorCategory.WriteError, path));
            }
        }
    }
}
