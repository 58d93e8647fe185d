using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Parallelism;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// Captures entries of one or more trees in canonical order: a lazy depth-first walk that never follows
    /// symbolic links (a link is recorded as a link, with its target, so link loops cannot trap it), then
    /// hashing, Authenticode verification and version reading on worker threads with results handed back in
    /// order. Memory is bounded by the number of items in flight and the widest directory, not by tree size.
    /// </summary>
    public static partial class BaselineScanner
    {
        private const int BatchCount = 64;
        private const long BatchBytes = 4 * 1024 * 1024;
        private const int MaxBatchesInFlight = 32;
        private const int MaxDepth = 256;

        /// <summary>
        /// Scans <paramref name="roots"/> (tree index = position), merging with <paramref name="reference"/> (in canonical
        /// order, may be null) so that each yielded pair holds the reference entry, the current entry, or both.
        /// </summary>
        public static IEnumerable<BaselinePair> Scan(IReadOnlyList<string> roots, BaselineScanOptions options, IEnumerable<BaselineEntry>? reference, CancellationToken cancellationToken)
        {
            if (roots == null)
            {
                throw new ArgumentNullException(nameof(roots));
            }

            IEnumerable<BaselineEntry> walk = roots.SelectMany((root, tree) => WalkTree(tree, root, options, cancellationToken));
            IEnumerable<BaselinePair> pairs = Join(reference ?? Enumerable.Empty<BaselineEntry>(), CheckOrder(walk), current => roots[current.Tree]);

            // Work goes to the workers in batches (up to BatchCount entries or BatchBytes to read), so that the
            // many entries that need no reading (folders, links, files the quick check reuses) do not each pay
            // for a hand-off between threads; a large file still makes a batch of its own.
            using (var queue = new OrderedParallelQueue<List<BaselinePair>, List<BaselinePair>>((batch, token) => CompleteBatch(batch, options, token), options.DegreeOfParallelism, cancellationToken))
            {
                var batch = new List<BaselinePair>(BatchCount);
                long batchBytes = 0;
                foreach (BaselinePair pair in pairs)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    long cost = Cost(pair, options);
                    if (batch.Count > 0 && (batch.Count >= BatchCount || batchBytes + cost > BatchBytes))
                    {
                        queue.Add(batch);
                        batch = new List<BaselinePair>(BatchCount);
                        batchBytes = 0;
                    }

                    batch.Add(pair);
                    batchBytes += cost;
                    while (queue.TryTake(out WorkOutcome<List<BaselinePair>, List<BaselinePair>> ready))
                    {
                        foreach (BaselinePair done in Unwrap(ready))
                        {
                            yield return done;
                        }
                    }

                    while (queue.Pending > MaxBatchesInFlight)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (queue.TryTakeWait(TimeSpan.FromMilliseconds(250), out WorkOutcome<List<BaselinePair>, List<BaselinePair>> waited, out _))
                        {
                            foreach (BaselinePair done in Unwrap(waited))
                            {
                                yield return done;
                            }
                        }
                    }
                }

                if (batch.Count > 0)
                {
                    queue.Add(batch);
                }

                queue.CompleteAdding();
                while (queue.Pending > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (queue.TryTakeWait(TimeSpan.FromMilliseconds(250), out WorkOutcome<List<BaselinePair>, List<BaselinePair>> last, out _))
                    {
                        foreach (BaselinePair done in Unwrap(last))
                        {
                            yield return done;
                        }
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>Bytes a worker will read for this pair (0 when nothing is read).</summary>
        private static long Cost(BaselinePair pair, BaselineScanOptions options)
        {
            BaselineEntry? entry = pair.Current;
            if (entry == null || !entry.IsFile || entry.Error != null || CanReuse(pair, options))
            {
                return 0;
            }

            return Math.Max(entry.Size ?? 0, 4096);
        }

        private static bool CanReuse(BaselinePair pair, BaselineScanOptions options)
        {
            BaselineEntry? recorded = pair.Reference;
            BaselineEntry? entry = pair.Current;
            return options.Quick && entry != null && recorded != null && recorded.IsFile && recorded.Error == null && entry.SameQuickKey(recorded)
                && options.Algorithms.All(a => recorded.GetHash(a) != null)
                && !(options.Verifier != null && recorded.Signer == null && IsSignableByName(recorded.Path));
        }

        private static List<BaselinePair> CompleteBatch(List<BaselinePair> batch, BaselineScanOptions options, CancellationToken cancellationToken)
        {
            foreach (BaselinePair pair in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    Complete(pair, options, cancellationToken);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    // Complete() turns expected failures into entry errors; anything else is recorded, not dropped.
                    if (pair.Current != null)
                    {
                        pair.Current.Error = "It could not be captured: " + ex.Message;
                    }
                }
            }

            return batch;
        }

        /// <summary>Merges two canonical-order streams into pairs (baseline against baseline, or reference against a walk).</summary>
        public static IEnumerable<BaselinePair> Join(IEnumerable<BaselineEntry> reference, IEnumerable<BaselineEntry> current, Func<BaselineEntry, string?>? rootOf = null)
        {
            using (IEnumerator<BaselineEntry> left = reference.GetEnumerator())
            using (IEnumerator<BaselineEntry> right = current.GetEnumerator())
            {
                bool hasLeft = left.MoveNext();
                bool hasRight = right.MoveNext();
                while (hasLeft || hasRight)
                {
                    int order = !hasLeft ? 1 : !hasRight ? -1 : BaselineOrder.Instance.Compare(left.Current, right.Current);
                    if (order < 0)
                    {
                        yield return new BaselinePair(left.Current, null, null);
                        hasLeft = left.MoveNext();
                    }
                    else if (order > 0)
                    {
                        yield return new BaselinePair(null, right.Current, rootOf?.Invoke(right.Current));
                        hasRight = right.MoveNext();
                    }
                    else
                    {
                        yield return new BaselinePair(left.Current, right.Current, rootOf?.Invoke(right.Current));
                        hasLeft = left.MoveNext();
                        hasRight = right.MoveNext();
                    }
                }
            }
        }

        /// <summary>Captures one path below a root now (for accepting a reviewed change); null when it does not exist.</summary>
        public static BaselineEntry? CaptureOne(string root, int tree, string relativePath, BaselineScanOptions options, CancellationToken cancellationToken)
        {
            BaselineEntryCodec.ValidatePath(relativePath);
            string full = Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar));
            if (FileStatus.IsSupported ? FileStatus.TryGet(full, followLinks: false) == null : !File.Exists(full) && !Directory.Exists(full))
            {
                return null;
            }

            BaselineEntry entry = Stat(tree, relativePath, full, isDirectoryHint: Directory.Exists(full));
            var pair = new BaselinePair(null, entry, root);
            Complete(pair, options, cancellationToken);
            return pair.Current;
        }

        /// <summary>Walks a subtree (relative path below a root, "" for the root) in canonical order, for rescans.</summary>
        public static IEnumerable<BaselinePair> ScanSubtree(string root, int tree, string relativeFolder, BaselineScanOptions options, CancellationToken cancellationToken)
        {
            IEnumerable<BaselineEntry> walk = WalkTree(tree, root, options, cancellationToken, relativeFolder);
            foreach (BaselinePair pair in CompleteInOrder(walk.Select(e => new BaselinePair(null, e, root)), options, cancellationToken))
            {
                yield return pair;
            }
        }

        private static IEnumerable<BaselinePair> CompleteInOrder(IEnumerable<BaselinePair> pairs, BaselineScanOptions options, CancellationToken cancellationToken)
        {
            foreach (BaselinePair pair in pairs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Complete(pair, options, cancellationToken);
                yield return pair;
            }
        }

        private static List<BaselinePair> Unwrap(WorkOutcome<List<BaselinePair>, List<BaselinePair>> outcome)
        {
            if (outcome.Error != null)
            {
                if (outcome.Error is OperationCanceledException)
                {
                    throw outcome.Error;
                }

                throw new InvalidOperationException("A scan worker failed: " + outcome.Error.Message, outcome.Error);
            }

            return outcome.Result!;
        }

        private static IEnumerable<BaselineEntry> CheckOrder(IEnumerable<BaselineEntry> entries)
        {
            BaselineEntry? previous = null;
            foreach (BaselineEntry entry in entries)
            {
                if (previous != null && BaselineOrder.Instance.Compare(previous, entry) >= 0)
                {
                    throw new InvalidOperationException($"The walk produced '{entry.Path}' after '{previous.Path}', out of canonical order.");
                }

                previous = entry;
                yield return entry;
            }
        }
    }
}
