using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace SupplyChainTools.Core.Parallelism
{
    /// <summary>The outcome of one work item: its input and either a result or the exception it raised.</summary>
    public readonly struct WorkOutcome<TInput, TResult>
    {
        public WorkOutcome(TInput input, TResult? result, Exception? error)
        {
            Input = input;
            Result = result;
            Error = error;
        }

        public TInput Input { get; }
        public TResult? Result { get; }
        public Exception? Error { get; }
    }

    /// <summary>
    /// Runs work items on a fixed number of dedicated threads and hands the outcomes back in the order the
    /// items were added, so output is deterministic however the work interleaves. The consumer (a cmdlet's
    /// pipeline thread) adds and takes from one thread; workers never call back into the consumer.
    /// Memory stays bounded when the consumer keeps <see cref="Pending"/> under a limit by taking results.
    /// Hand-offs are cheap because files are many and small: a worker wakes the consumer only when the
    /// consumer is waiting for the very item it finished, and an Add wakes one idle worker, not all threads.
    /// </summary>
    public sealed class OrderedParallelQueue<TInput, TResult> : IDisposable
    {
        private readonly Func<TInput, CancellationToken, TResult> _work;
        private readonly CancellationToken _cancellationToken;
        private readonly ConcurrentQueue<Slot> _waitingForWorker = new ConcurrentQueue<Slot>();
        private readonly SemaphoreSlim _workAvailable = new SemaphoreSlim(0);
        private readonly Queue<Slot> _inOrder = new Queue<Slot>();
        private readonly ManualResetEventSlim _headFinished = new ManualResetEventSlim(false);
        private readonly CancellationTokenSource _shutdown;
        private readonly Thread[] _workers;
        private Slot? _awaitedSlot;
        private bool _addingCompleted;

        public OrderedParallelQueue(Func<TInput, CancellationToken, TResult> work, int degreeOfParallelism, CancellationToken cancellationToken)
        {
            _work = work ?? throw new ArgumentNullException(nameof(work));
            _cancellationToken = cancellationToken;
            _shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            int workers = Math.Max(1, degreeOfParallelism);
            _workers = new Thread[workers];
            for (int i = 0; i < workers; i++)
            {
                _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = "SupplyChainTools worker " + i };
                _workers[i].Start();
            }
        }

        /// <summary>Items added and not yet taken.</summary>
        public int Pending => _inOrder.Count;

        public void Add(TInput input)
        {
            if (_addingCompleted)
            {
                throw new InvalidOperationException("No more items can be added.");
            }

            var slot = new Slot(input);
            _inOrder.Enqueue(slot);
            _waitingForWorker.Enqueue(slot);
            _workAvailable.Release();
        }

        public void CompleteAdding()
        {
            _addingCompleted = true;
        }

        /// <summary>Takes the next outcome in input order if it is finished; never blocks.</summary>
        public bool TryTake(out WorkOutcome<TInput, TResult> outcome)
        {
            if (_inOrder.Count > 0 && _inOrder.Peek().Done)
            {
                outcome = _inOrder.Dequeue().ToOutcome();
                return true;
            }

            outcome = default;
            return false;
        }

        /// <summary>
        /// Waits for the next outcome in input order. Returns false when nothing is pending, or when the
        /// wait was cancelled. <paramref name="timeout"/> bounds one wait so callers can report progress.
        /// </summary>
        public bool TryTakeWait(TimeSpan timeout, out WorkOutcome<TInput, TResult> outcome, out bool timedOut)
        {
            timedOut = false;
            outcome = default;
            if (_inOrder.Count == 0 || _cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            Slot head = _inOrder.Peek();
            if (!head.Done)
            {
                _headFinished.Reset();
                // Full fences on both sides (here and in Slot.Complete): the consumer announces the slot it waits for
                // and then re-reads Done; the worker sets Done and then reads the announcement. One of them sees the other.
                Interlocked.Exchange(ref _awaitedSlot, head);
                try
                {
                    // Re-check after announcing the wait: the worker may have finished in between.
                    if (!head.Done && !_headFinished.Wait(timeout, _cancellationToken))
                    {
                        timedOut = !head.Done;
                    }
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
                finally
                {
                    Volatile.Write(ref _awaitedSlot, null);
                }

                if (!head.Done || _cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
            }

            outcome = _inOrder.Dequeue().ToOutcome();
            return true;
        }

        private void WorkerLoop()
        {
            CancellationToken shutdown = _shutdown.Token;
            while (true)
            {
                try
                {
                    _workAvailable.Wait(shutdown);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (!_waitingForWorker.TryDequeue(out Slot? slot))
                {
                    continue;
                }

                TResult? result = default;
                Exception? error = null;
                try
                {
                    result = _work(slot.Input, _cancellationToken);
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                slot.Complete(result, error);
                if (ReferenceEquals(Volatile.Read(ref _awaitedSlot), slot))
                {
                    _headFinished.Set();
                }
            }
        }

        public void Dispose()
        {
            if (!_shutdown.IsCancellationRequested)
            {
                _shutdown.Cancel();
            }
        }

        private sealed class Slot
        {
            private int _done;

            public Slot(TInput input)
            {
                Input = input;
            }

            public TInput Input { get; }
            public TResult? Result { get; private set; }
            public Exception? Error { get; private set; }
            public bool Done => Volatile.Read(ref _done) == 1;

            public void Complete(TResult? result, Exception? error)
            {
                Result = result;
                Error = error;
                Interlocked.Exchange(ref _done, 1);
            }

            public WorkOutcome<TInput, TResult> ToOutcome() => new WorkOutcome<TInput, TResult>(Input, Result, Error);
        }
    }
}
