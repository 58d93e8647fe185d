using System;
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
    /// </summary>
    public sealed class OrderedParallelQueue<TInput, TResult> : IDisposable
    {
        private readonly Func<TInput, CancellationToken, TResult> _work;
        private readonly CancellationToken _cancellationToken;
        private readonly Queue<Slot> _waitingForWorker = new Queue<Slot>();
        private readonly Queue<Slot> _inOrder = new Queue<Slot>();
        private readonly object _gate = new object();
        private readonly Thread[] _workers;
        private bool _addingCompleted;
        private bool _disposed;

        public OrderedParallelQueue(Func<TInput, CancellationToken, TResult> work, int degreeOfParallelism, CancellationToken cancellationToken)
        {
            _work = work ?? throw new ArgumentNullException(nameof(work));
            _cancellationToken = cancellationToken;
            int workers = Math.Max(1, degreeOfParallelism);
            _workers = new Thread[workers];
            for (int i = 0; i < workers; i++)
            {
                _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = "SupplyChainTools worker " + i };
                _workers[i].Start();
            }

            cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            });
        }

        /// <summary>Items added and not yet taken.</summary>
        public int Pending
        {
            get
            {
                lock (_gate)
                {
                    return _inOrder.Count;
                }
            }
        }

        public void Add(TInput input)
        {
            var slot = new Slot(input);
            lock (_gate)
            {
                if (_addingCompleted)
                {
                    throw new InvalidOperationException("No more items can be added.");
                }

                _inOrder.Enqueue(slot);
                _waitingForWorker.Enqueue(slot);
                Monitor.PulseAll(_gate);
            }
        }

        public void CompleteAdding()
        {
            lock (_gate)
            {
                _addingCompleted = true;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Takes the next outcome in input order if it is finished; never blocks.</summary>
        public bool TryTake(out WorkOutcome<TInput, TResult> outcome)
        {
            lock (_gate)
            {
                if (_inOrder.Count > 0 && _inOrder.Peek().Done)
                {
                    outcome = _inOrder.Dequeue().ToOutcome();
                    return true;
                }
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
            lock (_gate)
            {
                var deadline = DateTime.UtcNow + timeout;
                while (true)
                {
                    if (_inOrder.Count == 0 || _cancellationToken.IsCancellationRequested)
                    {
                        outcome = default;
                        return false;
                    }

                    if (_inOrder.Peek().Done)
                    {
                        outcome = _inOrder.Dequeue().ToOutcome();
                        return true;
                    }

                    TimeSpan remaining = deadline - DateTime.UtcNow;
                    if (remaining <= TimeSpan.Zero)
                    {
                        timedOut = true;
                        outcome = default;
                        return false;
                    }

                    Monitor.Wait(_gate, remaining);
                }
            }
        }

        private void WorkerLoop()
        {
            while (true)
            {
                Slot slot;
                lock (_gate)
                {
                    while (_waitingForWorker.Count == 0 && !_addingCompleted && !_disposed && !_cancellationToken.IsCancellationRequested)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_disposed || _cancellationToken.IsCancellationRequested || _waitingForWorker.Count == 0)
                    {
                        return;
                    }

                    slot = _waitingForWorker.Dequeue();
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

                lock (_gate)
                {
                    slot.Result = result;
                    slot.Error = error;
                    slot.Done = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _waitingForWorker.Clear();
                Monitor.PulseAll(_gate);
            }
        }

        private sealed class Slot
        {
            public Slot(TInput input)
            {
                Input = input;
            }

            public TInput Input { get; }
            public TResult? Result { get; set; }
            public Exception? Error { get; set; }
            public bool Done { get; set; }

            public WorkOutcome<TInput, TResult> ToOutcome() => new WorkOutcome<TInput, TResult>(Input, Result, Error);
        }
    }
}
