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
    public sealed class BaselineScanOptions
    {
        /// <summary>Canonical algorithm names (see <see cref="SupportedHashAlgorithms"/>).</summary>
        public IReadOnlyList<string> Algorithms { get; set; } = new[] { SupportedHashAlgorithms.SHA256 };

        public int DegreeOfParallelism { get; set; } = Environment.ProcessorCount;

        /// <summary>Decides by name whether a non-directory entry is recorded; null records everything.</summary>
        public Func<string, bool>? FileNameFilter { get; set; }

        /// <summary>Verifies the signatures of PE files, PowerShell scripts and catalogs; null records no signer blocks.</summary>
        public AuthenticodeVerifier? Verifier { get; set; }

        /// <summary>Reuse a reference entry's hashes, signer and version when size, mtime, ctime and file id are unchanged.</summary>
        public bool Quick { get; set; }

        internal ContentVerdictCache Cache { get; } = new ContentVerdictCache();
    }

    /// <summary>A root folder (or the folder a rescan starts from) could not be listed: nothing below it can be recorded.</summary>
    public sealed class BaselineRootException : IOException
    {
        public BaselineRootException(string message, string folder, Exception inner)
            : base(message, inner)
        {
            Folder = folder;
        }

        public string Folder { get; }
    }

    /// <summary>The same place in the reference and in the current tree (either may be missing).</summary>
    public sealed class BaselinePair
    {
        public BaselinePair(BaselineEntry? reference, BaselineEntry? current, string? currentRoot)
        {
            Reference = reference;
            Current = current;
            CurrentRoot = currentRoot;
        }

        public BaselineEntry? Reference { get; }
        public BaselineEntry? Current { get; internal set; }
        /// <summary>The root folder the current entry was found under (live scans only).</summary>
        public string? CurrentRoot { get; }
        /// <summary>A file listed by the walk that was gone when it was read: a sentence for a warning.</summary>
        public string? Vanished { get; internal set; }
        /// <summary>Bytes read to hash the current entry (0 when reused or not a file).</summary>
        public long BytesRead { get; internal set; }
        /// <summary>True when the quick check reused the reference's content facts.</summary>
        public bool Reused { get; internal set; }
    }

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

        private static IEnumerable<BaselineEntry> WalkTree(int tree, string root, BaselineScanOptions options, CancellationToken cancellationToken, string startFolder = "")
        {
            string fullRoot = Path.GetFullPath(root);
            var pending = new Stack<string>();
            pending.Push(startFolder);
            bool first = true;
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string relative = pending.Pop();
                string full = relative.Length == 0 ? fullRoot : Path.Combine(fullRoot, relative.Replace('/', Path.DirectorySeparatorChar));
                List<(string Name, string Full)> children;
                string? listingError = null;
                try
                {
                    children = List(full);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
                {
                    children = new List<(string, string)>();
                    listingError = first && relative.Length == 0 ? null : "Its contents could not be listed: " + ex.Message;
                    if (first && relative.Length == 0)
                    {
                        throw new BaselineRootException($"The folder '{fullRoot}' cannot be listed: {ex.Message}", fullRoot, ex);
                    }
                }

                first = false;
                if (relative.Length > 0)
                {
                    BaselineEntry directory = Stat(tree, relative, full, isDirectoryHint: true);
                    if (listingError != null)
                    {
                        directory.Error = listingError;
                    }

                    yield return directory;
                }

                var subdirectories = new List<string>();
                string? previousName = null;
                BaselineEntry? previousLeaf = null;
                foreach ((string name, string childFull) in children)
                {
                    string childRelative = relative.Length == 0 ? name : relative + "/" + name;
                    if (name == previousName)
                    {
                        // Two names that decode to the same (lossy) string: one entry, and say so.
                        if (previousLeaf != null)
                        {
                            previousLeaf.Error = "Several names in this folder decode to this same name (they are not valid UTF-8); only one entry is recorded.";
                        }

                        continue;
                    }

                    previousName = name;
                    BaselineEntry entry = Stat(tree, childRelative, childFull, isDirectoryHint: false);
                    if (entry.IsDirectory)
                    {
                        if (childRelative.Count(c => c == '/') >= MaxDepth)
                        {
                            entry.Error = $"It is nested more than {MaxDepth} levels deep; its contents are not recorded.";
                            yield return entry;
                            continue;
                        }

                        subdirectories.Add(childRelative);
                        continue;
                    }

                    if (options.FileNameFilter != null && !options.FileNameFilter(name))
                    {
                        continue;
                    }

                    previousLeaf = entry;
                    yield return entry;
                }

                for (int i = subdirectories.Count - 1; i >= 0; i--)
                {
                    pending.Push(subdirectories[i]);
                }
            }
        }

        private static List<(string Name, string Full)> List(string directory)
        {
            List<(string Name, string Full)> entries;
#if NET
            var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0, ReturnSpecialDirectories = false };
            entries = new System.IO.Enumeration.FileSystemEnumerable<(string, string)>(
                directory,
                (ref System.IO.Enumeration.FileSystemEntry entry) => (entry.FileName.ToString(), entry.ToFullPath()),
                options).ToList();
#else
            entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().Select(info => (info.Name, info.FullName)).ToList();
#endif
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return entries;
        }

        /// <summary>The entry's metadata from lstat (never following a link); an entry with an error when stat fails.</summary>
        internal static BaselineEntry Stat(int tree, string relative, string full, bool isDirectoryHint)
        {
            bool lossy = relative.IndexOf('\uFFFD') >= 0;
            if (FileStatus.IsSupported)
            {
                FileStatus? status = FileStatus.TryGet(full, followLinks: false);
                if (status == null)
                {
                    var missing = new BaselineEntry(tree, relative, isDirectoryHint ? BaselineEntryType.Directory : BaselineEntryType.Unknown)
                    {
                        PathLossy = lossy,
                        Error = lossy
                            ? "Its name is not valid UTF-8, so it cannot be opened by the name .NET reports; its content is not recorded."
                            : "It could not be examined (stat failed); it may have been removed during the scan.",
                    };
                    return missing;
                }

                var entry = new BaselineEntry(tree, relative, TypeOf(status.Kind))
                {
                    PathLossy = lossy,
                    Mode = status.Mode,
                    OwnerId = status.OwnerId,
                    GroupId = status.GroupId,
                    LastWriteTimeUtc = status.LastWriteTimeUtc,
                    ChangeTimeUtc = status.ChangeTimeUtc,
                    Device = status.Device,
                    Inode = status.Inode,
                };
                if (status.Kind == FileKind.RegularFile || status.Kind == FileKind.SymbolicLink)
                {
                    entry.Size = status.Length;
                }

                if (status.Kind == FileKind.SymbolicLink)
                {
                    entry.LinkTarget = ReadLinkTarget(full);
                }

                return entry;
            }

            // No stat (Windows, .NET Framework): what FileSystemInfo can tell.
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            if (!info.Exists)
            {
                return new BaselineEntry(tree, relative, BaselineEntryType.Unknown) { Error = "It could not be examined; it may have been removed during the scan." };
            }

            bool link = (info.Attributes & FileAttributes.ReparsePoint) != 0;
            string type = link ? BaselineEntryType.SymbolicLink : info is DirectoryInfo ? BaselineEntryType.Directory : BaselineEntryType.File;
            var fallback = new BaselineEntry(tree, relative, type) { PathLossy = lossy, LastWriteTimeUtc = info.LastWriteTimeUtc };
            if (info is FileInfo file && !link)
            {
                fallback.Size = file.Length;
            }

            if (link)
            {
                fallback.LinkTarget = ReadLinkTarget(full);
            }

            return fallback;
        }

        private static string? ReadLinkTarget(string full)
        {
#if NET
            try
            {
                return new FileInfo(full).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
#else
            return null;
#endif
        }

        private static string TypeOf(FileKind kind)
        {
            switch (kind)
            {
                case FileKind.RegularFile: return BaselineEntryType.File;
                case FileKind.Directory: return BaselineEntryType.Directory;
                case FileKind.SymbolicLink: return BaselineEntryType.SymbolicLink;
                case FileKind.NamedPipe: return BaselineEntryType.NamedPipe;
                case FileKind.CharacterDevice: return BaselineEntryType.CharacterDevice;
                case FileKind.BlockDevice: return BaselineEntryType.BlockDevice;
                case FileKind.Socket: return BaselineEntryType.Socket;
                default: return BaselineEntryType.Unknown;
            }
        }

        /// <summary>Fills in a current file entry's content facts (on a worker thread).</summary>
        internal static BaselinePair Complete(BaselinePair pair, BaselineScanOptions options, CancellationToken cancellationToken)
        {
            BaselineEntry? entry = pair.Current;
            if (entry == null || !entry.IsFile || entry.Error != null)
            {
                return pair;
            }

            if (CanReuse(pair, options))
            {
                entry.ReuseContentFrom(pair.Reference!);
                pair.Reused = true;
                return pair;
            }

            string full = Path.Combine(pair.CurrentRoot ?? string.Empty, entry.Path.Replace('/', Path.DirectorySeparatorChar));
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    pair.BytesRead += Inspect(full, entry, options, cancellationToken);
                }
                catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
                {
                    pair.Vanished = $"'{full}' was removed while the tree was being scanned; it is not recorded.";
                    pair.Current = null;
                    return pair;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    entry.Hashes.Clear();
                    entry.Error = "It could not be read: " + ex.Message;
                    return pair;
                }

                if (!FileStatus.IsSupported)
                {
                    return pair;
                }

                FileStatus? after = FileStatus.TryGet(full, followLinks: false);
                if (after == null)
                {
                    pair.Vanished = $"'{full}' was removed while the tree was being scanned; it is not recorded.";
                    pair.Current = null;
                    return pair;
                }

                if (after.Length == entry.Size && after.LastWriteTimeUtc == entry.LastWriteTimeUtc && after.ChangeTimeUtc == entry.ChangeTimeUtc && after.Inode == entry.Inode)
                {
                    return pair;
                }

                // It changed while it was read: take the new metadata and read it again, once.
                BaselineEntry fresh = Stat(entry.Tree, entry.Path, full, isDirectoryHint: false);
                if (attempt >= 1 || !fresh.IsFile)
                {
                    entry.Hashes.Clear();
                    entry.Signer = null;
                    entry.Version = null;
                    entry.Error = "It changed while it was being read; its content is not recorded.";
                    return pair;
                }

                entry.Size = fresh.Size;
                entry.Mode = fresh.Mode;
                entry.OwnerId = fresh.OwnerId;
                entry.GroupId = fresh.GroupId;
                entry.LastWriteTimeUtc = fresh.LastWriteTimeUtc;
                entry.ChangeTimeUtc = fresh.ChangeTimeUtc;
                entry.Device = fresh.Device;
                entry.Inode = fresh.Inode;
                entry.Hashes.Clear();
                entry.Signer = null;
                entry.Version = null;
            }
        }
    }
}
