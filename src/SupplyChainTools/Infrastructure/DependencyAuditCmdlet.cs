using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Dependencies;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// The base of Test-DependencyPinning and Test-DependencySource: repository folders or files by -Path (wildcards)
    /// or -LiteralPath (piped items), -AllowedSource, one audit over every input at the end (one walk, one progress
    /// bar, one cache per run), findings written as they come, one error per file that cannot be audited.
    /// -SuppressionFile and -Summary live in DependencyAuditCmdlet.Reporting.cs.
    /// </summary>
    public abstract partial class DependencyAuditCmdlet : SupplyChainCmdlet
    {
        protected const string PathParameterSet = "Path";
        protected const string LiteralPathParameterSet = "LiteralPath";
        private readonly List<string> _paths = new List<string>();

        /// <summary>Repository folders or dependency files; wildcards allowed. Default: the current folder.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = PathParameterSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Repository folders or dependency files, taken as written (piped items bind here).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathParameterSet)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>The approved feeds and registries (URLs or host names); with none, every configured source is approved.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? AllowedSource { get; set; }

        /// <summary>The progress bar's title.</summary>
        private protected abstract string Activity { get; }

        /// <summary>The one Core call: the audit of <paramref name="paths"/>.</summary>
        private protected abstract IEnumerable<DependencyAuditResult> Audit(IReadOnlyList<string> paths, DependencyAuditOptions options, CancellationToken cancellationToken);

        /// <summary>The options every audit takes; a derived cmdlet adds its own.</summary>
        private protected virtual DependencyAuditOptions BuildOptions() => new DependencyAuditOptions
        {
            AllowedSources = AllowedSource ?? Array.Empty<string>(),
        };

        protected override void BeginProcessing() => LoadSuppressions();

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathParameterSet;
            string[] inputs = literal ? LiteralPath : Path;
            foreach (string input in inputs.Length == 0 ? new[] { "." } : inputs)
            {
                _paths.AddRange(ResolvePaths(input, literal));
            }
        }

        protected override void EndProcessing()
        {
            if (_paths.Count == 0)
            {
                return;
            }

            DependencyAuditOptions options = BuildOptions();
            var progress = new ProgressReporter(this, 1, Activity);
            try
            {
                foreach (DependencyAuditResult result in Audit(_paths, options, StopToken))
                {
                    if (result.Finding != null)
                    {
                        WriteFinding(result.Finding);
                    }
                    else if (result.Failure != null)
                    {
                        WriteError(ErrorFor(result));
                    }

                    progress.Report(result.FilesDone, 0, null, result.FilesTotal);
                }

                CompleteAudit();
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                progress.Complete();
            }
        }

        private static ErrorRecord ErrorFor(DependencyAuditResult result) => result.Failure is DependencyFileFormatException invalid
            ? new ErrorRecord(new System.IO.InvalidDataException(invalid.Message, invalid), ErrorIds.DependencyFileInvalid, ErrorCategory.InvalidData, invalid.Path)
            : ErrorRecords.ForFileFailure(result.Failure!, result.FailedPath ?? string.Empty);
    }
}
