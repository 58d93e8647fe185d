using System;
using System.Threading;
using SupplyChainTools.Core.Parallelism;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>The parallel work a cmdlet runs, as <see cref="SupplyChainCmdlet"/> stops and releases it.</summary>
    internal interface IParallelWork : IDisposable
    {
        void Stop();
    }

    /// <summary>
    /// Feeds work to an <see cref="OrderedParallelQueue{TInput, TResult}"/> from a cmdlet and emits the outcomes
    /// on the pipeline thread, in input order, as soon as they are ready. Keeps at most <see cref="MaxPending"/>
    /// items in flight so memory stays bounded whatever the number of files.
    /// </summary>
    internal sealed class ParallelPipeline<TInput, TResult> : IParallelWork
    {
        private const int MaxPending = 2048;
        private static readonly TimeSpan ProgressTick = TimeSpan.FromMilliseconds(250);

        private readonly OrderedParallelQueue<TInput, TResult> _queue;
        private readonly Action<WorkOutcome<TInput, TResult>> _emit;
        private readonly ProgressReporter _progress;
        private readonly Func<TResult?, long> _bytesOf;
        private readonly Func<TInput, string> _describe;
        private readonly CancellationToken _cancellationToken;
        private long _done;
        private long _bytes;
        private long? _total;
        private TInput _lastInput = default!;

        public ParallelPipeline(
            Func<TInput, CancellationToken, TResult> work,
            int throttleLimit,
            Action<WorkOutcome<TInput, TResult>> emit,
            ProgressReporter progress,
            Func<TResult?, long> bytesOf,
            Func<TInput, string> describe,
            CancellationToken cancellationToken)
        {
            _queue = new OrderedParallelQueue<TInput, TResult>(work, throttleLimit, cancellationToken);
            _emit = emit;
            _progress = progress;
            _bytesOf = bytesOf;
            _describe = describe;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Counts items that will be added (a manifest's entries), so progress can show a percentage.</summary>
        public void ExpectMore(long count)
        {
            _total = (_total ?? 0) + count;
        }

        public void Add(TInput input)
        {
            _queue.Add(input);
            _lastInput = input;
            EmitReady();
            while (_queue.Pending > MaxPending && !_cancellationToken.IsCancellationRequested)
            {
                EmitOneWaiting();
            }
        }

        /// <summary>Waits for every item added so far and emits it.</summary>
        public void Finish()
        {
            _queue.CompleteAdding();
            while (_queue.Pending > 0 && !_cancellationToken.IsCancellationRequested)
            {
                EmitOneWaiting();
            }

            _progress.Complete();
        }

        /// <summary>Stops the workers and clears the progress bar (the user stopped the cmdlet).</summary>
        public void Stop()
        {
            _queue.Dispose();
            _progress.Complete();
        }

        /// <summary>Ends the idle workers once the cmdlet is done with them.</summary>
        public void Dispose()
        {
            _queue.Dispose();
        }

        private void EmitReady()
        {
            while (_queue.TryTake(out WorkOutcome<TInput, TResult> outcome))
            {
                Emit(outcome);
            }

            _progress.Report(_done, _bytes, _describe(_lastInput), _total);
        }

        private void EmitOneWaiting()
        {
            if (_queue.TryTakeWait(ProgressTick, out WorkOutcome<TInput, TResult> outcome, out _))
            {
                Emit(outcome);
            }

            _progress.Report(_done, _bytes, _describe(_lastInput), _total);
        }

        private void Emit(WorkOutcome<TInput, TResult> outcome)
        {
            _done++;
            _bytes += _bytesOf(outcome.Result);
            _emit(outcome);
        }
    }
}
