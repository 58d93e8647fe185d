using System;
using System.Management.Automation;
using System.Threading;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Parallelism;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>File cmdlets that also walk folders and work on several files at once, writing one result per file.</summary>
    public abstract class TreeInputCmdlet<TResult> : FileInputCmdlet
    {
        private ParallelPipeline<InputFile, TResult>? _pipeline;
        private FileWalkOptions _walk = new FileWalkOptions();

        /// <summary>Process the files under directories given as input, depth-first in ordinal name order.</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>File-name wildcards to take (case-insensitive).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Include { get; set; }

        /// <summary>File-name wildcards to leave out (case-insensitive).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Exclude { get; set; }

        /// <summary>Descend into symbolic links to directories while recursing. Loops are never walked.</summary>
        [Parameter]
        public SwitchParameter FollowSymlink { get; set; }

        protected override void ProcessRecord()
        {
            foreach (InputFile file in ResolveInputFiles(_walk))
            {
                _pipeline!.Add(file);
            }
        }

        protected override void EndProcessing()
        {
            _pipeline?.Finish();
        }

        /// <summary>
        /// Starts the work on the input files, called from BeginProcessing. Special files (pipes, devices) are
        /// refused by the <paramref name="work"/> that opens them, which reports them as passed over for walked
        /// files; the walk itself skips one lstat per file.
        /// </summary>
        private protected void StartFileWork(Func<InputFile, CancellationToken, TResult> work, ProgressReporter progress, Func<TResult?, long> bytesOf)
        {
            _walk = new FileWalkOptions
            {
                Recurse = Recurse.IsPresent,
                FollowDirectoryLinks = FollowSymlink.IsPresent,
                FileNameFilter = BuildNameFilter(Include, Exclude),
                SkipSpecialFiles = false,
            };
            _pipeline = StartParallel<InputFile, TResult>(work, ThrottleLimit, Emit, progress, bytesOf, input => input.Path);
        }

        /// <summary>Writes (or tallies) one file's result, in input order, on the pipeline thread.</summary>
        protected abstract void WriteResult(TResult result);

        private void Emit(WorkOutcome<InputFile, TResult> outcome)
        {
            if (outcome.Error != null)
            {
                ReportFileFailure(outcome.Error, outcome.Input);
                return;
            }

            WriteResult(outcome.Result!);
        }
    }
}
