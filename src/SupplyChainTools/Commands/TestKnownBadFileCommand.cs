using System;
using System.Collections.Generic;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Indicators;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Sweeps files and folders for published indicators of compromise: file hashes from hash lists, CSV files and
    /// STIX 2.1 bundles, every algorithm the indicators use from one read of each file; GitHub workflow and action
    /// files also have their commit-pinned `uses:` checked against the known-bad action commits. Writes one result
    /// per match; clean files write nothing.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "KnownBadFile", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(KnownBadFileMatch))]
    public sealed class TestKnownBadFileCommand : TreeInputCmdlet<KnownBadFileResult>
    {
        /// <summary>Indicator files: plain hash lists, CSV with a hash column, STIX 2.1 bundles (JSON).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] IndicatorPath { get; set; } = Array.Empty<string>();

        protected override void BeginProcessing()
        {
            var files = new List<string>();
            foreach (string path in IndicatorPath)
            {
                string? resolved = ResolveInputFilePath(path, ErrorIds.IndicatorFileNotFound, stop: false);
                if (resolved != null)
                {
                    files.Add(resolved);
                }
            }

            IndicatorSet indicators;
            try
            {
                indicators = IndicatorSet.Read(files, WriteIndicatorProblem, WriteIndicatorSummary, StopToken);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }

            if (indicators.FileHashCount == 0 && indicators.CommitCount == 0)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("The indicator files hold no file hash (MD5, SHA-1, SHA-256) or action commit to sweep for; nothing was checked."),
                    ErrorIds.NoIndicators, ErrorCategory.InvalidData, IndicatorPath));
            }

            var sweep = new KnownBadFileSweep(indicators);
            WriteVerbose($"Sweeping for {indicators.FileHashCount:N0} file hashes ({string.Join(", ", sweep.Algorithms)}, each file read once) and {indicators.CommitCount:N0} action commits (in GitHub workflow and action files).");
            StartFileWork(
                (input, token) => sweep.Check(input.Path, token),
                new ProgressReporter(this, 0x5C7014, "Sweeping files for known-bad hashes"),
                result => result?.Length ?? 0);
        }

        protected override void WriteResult(KnownBadFileResult result)
        {
            foreach (KnownBadFileMatch match in result.Matches)
            {
                WriteObject(match);
            }
        }

        private void WriteIndicatorProblem(Exception problem, string path)
        {
            WriteError(problem is IndicatorFileException
                ? new ErrorRecord(problem, ErrorIds.IndicatorFileInvalid, ErrorCategory.InvalidData, path)
                : ErrorRecords.ForInputFile(problem, path, ErrorIds.IndicatorFileNotFound, path));
        }

        private void WriteIndicatorSummary(IndicatorFileSummary summary)
        {
            string ignored = summary.IgnoredLines == 0 ? string.Empty : $"; {summary.IgnoredLines:N0} entries held no hash (first at line {summary.FirstIgnoredLine})";
            WriteVerbose($"Indicator file '{summary.Path}' ({summary.Format}): {summary.FileHashes:N0} file hashes, {summary.Commits:N0} action commits{ignored}.");
        }
    }
}
