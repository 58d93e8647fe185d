using System;
using System.Management.Automation;
using System.Threading;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// The base of every cmdlet of the module: a stop token that Ctrl+C cancels, the parallel work it runs (stopped
    /// with it and released when the cmdlet is disposed), counted non-terminating errors, and path resolution
    /// (<c>SupplyChainCmdlet.Paths.cs</c>).
    /// </summary>
    public abstract partial class SupplyChainCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private IParallelWork? _work;
        private long _verdicts;
        private bool _allPassed = true;

        /// <summary>Cancelled when the user stops the pipeline.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>Non-terminating errors written so far (a -Quiet answer is false when any was).</summary>
        protected int ErrorCount { get; private set; }

        /// <summary>Writes a non-terminating error and counts it.</summary>
        protected new void WriteError(ErrorRecord errorRecord)
        {
            ErrorCount++;
            base.WriteError(errorRecord);
        }

        /// <summary>The answer of -Quiet: some result came, every one passed, and no error was written.</summary>
        protected bool QuietAnswer => _allPassed && _verdicts > 0 && ErrorCount == 0;

        /// <summary>Counts a result toward <see cref="QuietAnswer"/> and writes it, unless <paramref name="quiet"/>.</summary>
        protected void WriteVerdict(object result, bool passed, bool quiet)
        {
            _verdicts++;
            _allPassed &= passed;
            if (!quiet)
            {
                WriteObject(result);
            }
        }

        /// <summary>
        /// Starts the cmdlet's parallel work: outcomes come back in input order on the pipeline thread through
        /// <paramref name="emit"/>; stopping the cmdlet stops it.
        /// </summary>
        private protected ParallelPipeline<TInput, TResult> StartParallel<TInput, TResult>(
            Func<TInput, CancellationToken, TResult> work,
            int throttleLimit,
            Action<Core.Parallelism.WorkOutcome<TInput, TResult>> emit,
            ProgressReporter progress,
            Func<TResult?, long> bytesOf,
            Func<TInput, string> describe)
        {
            var pipeline = new ParallelPipeline<TInput, TResult>(work, throttleLimit, emit, progress, bytesOf, describe, StopToken);
            _work = pipeline;
            return pipeline;
        }

        protected override void StopProcessing()
        {
            _stopping.Cancel();
            _work?.Stop();
        }

        /// <summary>
        /// Ends the idle workers. The stop token's source is left undisposed: a worker still finishing an item
        /// after a terminating error may read the token, and the source holds no timer or handle to release.
        /// </summary>
        public void Dispose()
        {
            _work?.Dispose();
        }
    }
}
