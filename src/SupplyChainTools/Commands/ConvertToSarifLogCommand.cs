using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Dependencies;
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

        /// <summary>The findings, usually from the pipeline; deserialized ones (from remoting or Import-Clixml) too.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
        [AllowEmptyCollection]
        public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

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
            foreach (PSObject input in InputObject)
            {
                DependencyFinding? finding = input?.BaseObject as DependencyFinding ?? (input == null ? null : FromProperties(input));
                if (finding != null)
                {
                    _findings.Add(finding);
                }
                else if (input != null)
                {
                    WriteError(new ErrorRecord(new ArgumentException("The input is not a dependency finding (it has no RuleId, Severity, File and Message)."), ErrorIds.NotADependencyFinding, ErrorCategory.InvalidArgument, input));
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
                WriteObject(SarifLog.ToJson(_findings, basePath, DependencyAuditors.AllRules(), StopToken));
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

        /// <summary>A finding rebuilt from a deserialized copy (Deserialized.SupplyChainTools.DependencyFinding).</summary>
        private static DependencyFinding? FromProperties(PSObject input)
        {
            string? Text(string name) => input.Properties[name]?.Value?.ToString();
            string? ruleId = Text("RuleId"), severity = Text("Severity"), file = Text("File"), message = Text("Message");
            if (ruleId == null || severity == null || file == null || message == null)
            {
                return null;
            }

            int? line = int.TryParse(Text("Line"), out int parsed) ? parsed : null;
            bool suppressed = bool.TryParse(Text("Suppressed"), out bool flag) && flag;
            return new DependencyFinding(ruleId, severity, Text("Mitigation") ?? string.Empty, Text("Ecosystem") ?? string.Empty, file, line,
                Text("Package"), Text("Requested"), Text("Resolved"), message, Text("Remediation") ?? string.Empty, suppressed, Text("SuppressionReason"));
        }

        private void WriteFile(string path, string basePath)
        {
            if (!Force && (File.Exists(path) || Directory.Exists(path)))
            {
                ThrowTerminatingError(new ErrorRecord(new IOException($"'{path}' already exists; add -Force to replace it."), ErrorIds.SarifFileExists, ErrorCategory.ResourceExists, path));
            }

            try
            {
                SarifLog.WriteFile(path, _findings, basePath, DependencyAuditors.AllRules(), overwrite: true, StopToken);
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
