using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Reporting;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// -SuppressionFile (matched findings marked suppressed with their reason, never dropped; a warning per expired
    /// entry) and -Summary (one DependencyAuditSummary instead of the findings, for a CI gate's exit code).
    /// </summary>
    public abstract partial class DependencyAuditCmdlet
    {
        private readonly List<DependencyFinding> _summarized = new List<DependencyFinding>();
        private FindingSuppressions? _suppressions;
        private DateTime _today;

        /// <summary>A YAML suppression file (see about_DependencyAudit): matched findings are marked Suppressed with the entry's reason.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SuppressionFile { get; set; }

        /// <summary>Write one DependencyAuditSummary (counts per severity and ExitCode) instead of the findings.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <summary>Applies the suppressions, then writes the finding or keeps it for the summary.</summary>
        private void WriteFinding(DependencyFinding finding)
        {
            DependencyFinding reported = _suppressions == null ? finding : _suppressions.Apply(finding, _today);
            if (Summary)
            {
                _summarized.Add(reported);
            }
            else
            {
                WriteObject(reported);
            }
        }

        /// <summary>Called once after the last finding (not when stopped): writes the -Summary.</summary>
        private void CompleteAudit()
        {
            if (Summary)
            {
                WriteObject(DependencyAuditSummary.From(_summarized));
            }
        }

        private void LoadSuppressions()
        {
            if (SuppressionFile == null)
            {
                return;
            }

            string path = ResolveInputFilePath(SuppressionFile, ErrorIds.SuppressionFileNotFound)!;
            _today = DateTime.UtcNow.Date;
            try
            {
                _suppressions = FindingSuppressions.Load(path, StopToken);
            }
            catch (DependencyFileFormatException invalid)
            {
                string where = invalid.Line.HasValue ? invalid.Path + ":" + invalid.Line : invalid.Path;
                string message = invalid.Message.StartsWith(invalid.Path, StringComparison.Ordinal) ? invalid.Message : where + ": " + invalid.Message;
                ThrowTerminatingError(new ErrorRecord(new InvalidDataException(message, invalid), ErrorIds.SuppressionFileInvalid, ErrorCategory.InvalidData, path));
            }
            catch (Exception missing) when (missing is FileNotFoundException || missing is DirectoryNotFoundException)
            {
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The suppression file '{path}' does not exist.", path, missing), ErrorIds.SuppressionFileNotFound, ErrorCategory.ObjectNotFound, path));
            }
            catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecords.ForFileFailure(failure, path));
            }

            foreach (SuppressionEntry expired in _suppressions!.Expired(_today))
            {
                WriteWarning($"The suppression of {expired.RuleId} on line {expired.Line} of '{path}' expired on {expired.Expires:yyyy-MM-dd} and no longer applies; renew it with a reason or remove it.");
            }
        }
    }
}
