using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SupplyChainTools.Core.Parallelism;

namespace SupplyChainTools.Core.Tests.Parallelism
{
    public sealed class OrderedParallelQueueTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

        private static List<WorkOutcome<TInput, TResult>> DrainAll<TInput, TResult>(OrderedParallelQueue<TInput, TResult> queue)
        {
            var outcomes = new List<WorkOutcome<TInput, TResult>>();
            var stopwatch = Stopwatch.StartNew();
            while (queue.Pending > 0)
            {
                Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), "The queue did not deliver every outcome in time.");
                if (queue.TryTakeWait(TimeSpan.FromMilliseconds(250), out WorkOutcome<TInput, TResult> outcome, out _))
                {
                    outcomes.Add(outcome);
                }
            }

            return outcomes;
        }

        [Fact]
        public void Outcomes_ComeBackInInputOrder_EvenWhenLaterItemsFinishFirst()
        {
            const int count = 24;
            var finished = new ConcurrentQueue<int>();
            using var queue = new OrderedParallelQueue<int, string>(
                (i, _) =>
                {
                    Thread.Sleep((count - i) * 4); // later items sleep less, so they finish first
                    finished.Enqueue(i);
                    return "r" + i;
                },
                degreeOfParallelism: 6,
                CancellationToken.None);

            for (int i = 0; i < count; i++)
            {
                queue.Add(i);
            }

            queue.CompleteAdding();
            List<WorkOutcome<int, string>> outcomes = DrainAll(queue);

            Assert.Equal(Enumerable.Range(0, count), outcomes.Select(o => o.Input));
            Assert.Equal(Enumerable.Range(0, count).Select(i => "r" + i), outcomes.Select(o => o.Result));
            Assert.All(outcomes, o => Assert.Null(o.Error));
            Assert.NotEqual(Enumerable.Range(0, count), finished); // the work really did finish out of order
            Assert.Equal(0, queue.Pending);
        }

        [Fact]
        public void Exceptions_AreCapturedPerItem_AndOtherItemsCarryOn()
        {
            using var queue = new OrderedParallelQueue<int, int>(
                (i, _) => i % 3 == 1 ? throw new InvalidOperationException("boom " + i) : i * 10,
                degreeOfParallelism: 3,
                CancellationToken.None);

            for (int i = 0; i < 10; i++)
            {
                queue.Add(i);
            }

            queue.CompleteAdding();
            List<WorkOutcome<int, int>> outcomes = DrainAll(queue);

            Assert.Equal(Enumerable.Range(0, 10), outcomes.Select(o => o.Input));
            foreach (WorkOutcome<int, int> outcome in outcomes)
            {
                if (outcome.Input % 3 == 1)
                {
                    var error = Assert.IsType<InvalidOperationException>(outcome.Error);
                    Assert.Equal("boom " + outcome.Input, error.Message);
                }
                else
                {
                    Assert.Null(outcome.Error);
                    Assert.Equal(outcome.Input * 10, outcome.Result);
                }
            }
        }

        [Fact]
        public async Task TryTake_NeverBlocks_AndTakesOnlyInOrder()
        {
            using var release0 = new ManualResetEventSlim(false);
            using var queue = new OrderedParallelQueue<int, int>(
                (i, _) =>
                {
                    if (i == 0)
                    {
                        release0.Wait(Wait);
                    }

                    return i;
                },
                degreeOfParallelism: 2,
                CancellationToken.None);

            Assert.False(queue.TryTake(out _)); // nothing added yet
            queue.Add(0);
            queue.Add(1);
            await Task.Delay(100); // item 1 is done by now; item 0 is held

            var stopwatch = Stopwatch.StartNew();
            bool took = queue.TryTake(out _);
            stopwatch.Stop();

            Assert.False(took); // item 1 is finished but must not overtake item 0
            Assert.True(stopwatch.ElapsedMilliseconds < 200, $"TryTake took {stopwatch.ElapsedMilliseconds} ms.");
            Assert.Equal(2, queue.Pending);

            release0.Set();
            Assert.True(queue.TryTakeWait(Wait, out WorkOutcome<int, int> first, out bool timedOut));
            Assert.False(timedOut);
            Assert.Equal(0, first.Input);
            Assert.True(queue.TryTakeWait(Wait, out WorkOutcome<int, int> second, out _));
            Assert.Equal(1, second.Input);
            Assert.False(queue.TryTake(out _));
        }

        [Fact]
        public void TryTakeWait_TimesOut_WhileTheNextItemIsUnfinished()
        {
            using var release = new ManualResetEventSlim(false);
            using var queue = new OrderedParallelQueue<int, int>((i, _) => { release.Wait(Wait); return i; }, 1, CancellationToken.None);
            queue.Add(1);

            var stopwatch = Stopwatch.StartNew();
            bool took = queue.TryTakeWait(TimeSpan.FromMilliseconds(150), out _, out bool timedOut);
            stopwatch.Stop();

            Assert.False(took);
            Assert.True(timedOut);
            Assert.InRange(stopwatch.ElapsedMilliseconds, 100, 5000);
            release.Set();
            Assert.True(queue.TryTakeWait(Wait, out WorkOutcome<int, int> outcome, out _));
            Assert.Equal(1, outcome.Result);
        }

        [Fact]
        public void TryTakeWait_NothingPending_ReturnsFalseAtOnce()
        {
            using var queue = new OrderedParallelQueue<int, int>((i, _) => i, 2, CancellationToken.None);

            var stopwatch = Stopwatch.StartNew();
            bool took = queue.TryTakeWait(TimeSpan.FromSeconds(5), out _, out bool timedOut);

            Assert.False(took);
            Assert.False(timedOut);
            Assert.True(stopwatch.ElapsedMilliseconds < 1000);
        }

        [Fact]
        public async Task Cancellation_StopsAWaitingConsumer_AndReachesTheWork()
        {
            using var cts = new CancellationTokenSource();
            using var started = new ManualResetEventSlim(false);
            CancellationToken seenByWork = default;
            using var queue = new OrderedParallelQueue<int, int>(
                (i, token) =>
                {
                    seenByWork = token;
                    started.Set();
                    token.WaitHandle.WaitOne(Wait); // stuck until cancelled
                    return i;
                },
                1,
                cts.Token);
            queue.Add(1);
            queue.Add(2);
            Assert.True(started.Wait(Wait));

            var stopwatch = Stopwatch.StartNew();
            Task<bool> waiting = Task.Run(() => queue.TryTakeWait(TimeSpan.FromSeconds(30), out _, out _));
            await Task.Delay(100);
            cts.Cancel();
            bool took = await waiting.WaitAsync(Wait);
            stopwatch.Stop();

            Assert.False(took);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"The wait took {stopwatch.Elapsed} after cancellation.");
            Assert.True(seenByWork.IsCancellationRequested);
        }

        [Fact]
        public void AlreadyCancelled_TryTakeWaitReturnsFalse()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            using var queue = new OrderedParallelQueue<int, int>((i, _) => i, 2, cts.Token);
            queue.Add(1);

            Assert.False(queue.TryTakeWait(TimeSpan.FromSeconds(5), out _, out bool timedOut));
            Assert.False(timedOut);
        }

        [Fact]
        public void Add_AfterCompleteAdding_Throws()
        {
            using var queue = new OrderedParallelQueue<int, int>((i, _) => i, 1, CancellationToken.None);
            queue.CompleteAdding();

            Assert.Throws<InvalidOperationException>(() => queue.Add(1));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        public void Concurrency_NeverExceedsTheDegree(int degree)
        {
            int running = 0;
            int peak = 0;
            using var queue = new OrderedParallelQueue<int, int>(
                (i, _) =>
                {
                    int now = Interlocked.Increment(ref running);
                    int seen;
                    while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen)
                    {
                    }

                    Thread.Sleep(15);
                    Interlocked.Decrement(ref running);
                    return i;
                },
                degree,
                CancellationToken.None);

            for (int i = 0; i < 12; i++)
            {
                queue.Add(i);
            }

            queue.CompleteAdding();
            Assert.Equal(12, DrainAll(queue).Count);
            Assert.InRange(peak, 1, degree);
        }

        [Fact]
        public void ZeroDegree_StillRunsWork()
        {
            using var queue = new OrderedParallelQueue<int, int>((i, _) => i + 1, 0, CancellationToken.None);
            queue.Add(41);
            queue.CompleteAdding();

            Assert.Equal(42, Assert.Single(DrainAll(queue)).Result);
        }

        [Fact]
        public void NullWork_Throws()
        {
            Assert.Throws<ArgumentNullException>(() => new OrderedParallelQueue<int, int>(null!, 1, CancellationToken.None));
        }
    }
}
