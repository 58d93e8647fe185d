using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// Classifies the drift between a reference and a current stream of entries (a merge of two sorted streams:
    /// live tree or second baseline), with the change kinds and severities of docs/baseline-format.md. Findings about a path present on both sides are yielded as
    /// they are found; additions and removals are held back to the end so that a removal and an addition with the
    /// same content become one Moved finding: memory grows with the number of added and removed entries only.
    /// </summary>
    public sealed partial class BaselineComparer
    {
        private readonly string _digest;
        private readonly string _algorithm;
        private readonly IReadOnlyList<string> _algorithms;
        private readonly IReadOnlyList<string> _currentRoots;
        private readonly bool _compareFileIdentity;
        private readonly Dictionary<string, int> _counts = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<BaselineChange> _changes = new List<BaselineChange>();

        /// <summary>
        /// Keep the changes for <see cref="CreateSummary"/> (a scheduled run wants the findings with the verdict).
        /// Memory then grows with the number of changes, never with the number of entries.
        /// </summary>
        public bool CollectChanges { get; set; }

        /// <param name="algorithms">Algorithms both sides have; the first recognises moves.</param>
        /// <param name="currentRoots">Root folders of the current side, to report full paths.</param>
        /// <param name="compareFileIdentity">Compare ctime, device and inode (false across machines, where they always differ).</param>
        public BaselineComparer(string baselineDigest, IReadOnlyList<string> algorithms, IReadOnlyList<string> currentRoots, bool compareFileIdentity)
        {
            if (algorithms == null || algorithms.Count == 0)
            {
                throw new ArgumentException("At least one hash algorithm is needed.", nameof(algorithms));
            }

            _digest = baselineDigest;
            _algorithms = algorithms;
            _algorithm = algorithms[0];
            _currentRoots = currentRoots;
            _compareFileIdentity = compareFileIdentity;
        }

        /// <summary>Who counts as the same signer (<see cref="SignerIdentityRule"/>): by default the publisher under the same root.</summary>
        public string SignerIdentity { get; set; } = SignerIdentityRule.Publisher;

        public long EntriesCompared { get; private set; }
        public long HashesReused { get; private set; }
        public long BytesHashed { get; private set; }
        public int ExitCode { get; private set; }

        public int CountOf(string kind) => _counts.TryGetValue(kind, out int count) ? count : 0;

        public IEnumerable<BaselineChange> Compare(IEnumerable<BaselinePair> pairs)
        {
            var added = new List<Pending>();
            var removed = new List<Pending>();
            var group = new NeighbourGroup();
            foreach (BaselinePair pair in pairs)
            {
                EntriesCompared++;
                BytesHashed += pair.BytesRead;
                if (pair.Reused)
                {
                    HashesReused++;
                }

                BaselineEntry? current = pair.Current;
                BaselineEntry? reference = pair.Reference;
                BaselineEntry key = current ?? reference!;
                if (key == null)
                {
                    continue;
                }

                if (!key.IsDirectory)
                {
                    group.Enter(key);
                    if ((current?.Signer?.IsValid ?? false) || (reference?.Signer?.IsValid ?? false))
                    {
                        group.HasSignedFile = true;
                    }
                }

                if (current == null)
                {
                    removed.Add(new Pending(reference!, false));
                    continue;
                }

                if (reference == null)
                {
                    var pending = new Pending(current, false);
                    if (!current.IsDirectory && IsUnsignedExecutable(current))
                    {
                        group.Candidates.Add(pending);
                    }

                    added.Add(pending);
                    continue;
                }

                foreach (BaselineChange change in Classify(reference, current))
                {
                    yield return Count(change);
                }
            }

            group.Enter(null);
            foreach (BaselineChange change in ResolveAddedAndRemoved(added, removed))
            {
                yield return Count(change);
            }
        }

        /// <summary>The -Summary object for a completed comparison.</summary>
        public BaselineComparisonSummary CreateSummary(BaselineVerification reference, IEnumerable<string> comparedWith, string? differenceDigest, bool quick, TimeSpan elapsed)
        {
            var summary = new BaselineComparisonSummary(reference.Path)
            {
                BaselineDigest = reference.Digest,
                BaselineTrusted = true,
                Changes = _changes.ToArray(),
                BaselineSignerThumbprint = reference.SignerThumbprint,
                ComparedWith = comparedWith.ToArray(),
                DifferenceDigest = differenceDigest,
                Quick = quick,
                EntriesCompared = EntriesCompared,
                HashesReused = HashesReused,
                BytesHashed = BytesHashed,
                SignatureRemoved = CountOf(BaselineChangeKind.SignatureRemoved),
                SignatureBroken = CountOf(BaselineChangeKind.SignatureBroken),
                SignerChanged = CountOf(BaselineChangeKind.SignerChanged),
                UnsignedAdded = CountOf(BaselineChangeKind.UnsignedAdded),
                ContentChanged = CountOf(BaselineChangeKind.ContentChanged),
                Added = CountOf(BaselineChangeKind.Added),
                Removed = CountOf(BaselineChangeKind.Removed),
                TypeChanged = CountOf(BaselineChangeKind.TypeChanged),
                BecameExecutable = CountOf(BaselineChangeKind.BecameExecutable),
                UpdatedSameSigner = CountOf(BaselineChangeKind.UpdatedSameSigner),
                Downgraded = CountOf(BaselineChangeKind.Downgraded),
                Moved = CountOf(BaselineChangeKind.Moved),
                PermissionsChanged = CountOf(BaselineChangeKind.PermissionsChanged),
                OwnerChanged = CountOf(BaselineChangeKind.OwnerChanged),
                MetadataChanged = CountOf(BaselineChangeKind.MetadataChanged),
                Unreadable = CountOf(BaselineChangeKind.Unreadable),
                ExitCode = ExitCode,
                SignerIdentity = SignerIdentity,
                Elapsed = elapsed,
            };
            summary.TotalChanges = _counts.Values.Sum();
            summary.Critical = _counts.Where(c => BaselineChangeKind.SeverityOf(c.Key) == BaselineChangeKind.Critical).Sum(c => c.Value);
            summary.High = _counts.Where(c => BaselineChangeKind.SeverityOf(c.Key) == BaselineChangeKind.High).Sum(c => c.Value);
            summary.Info = _counts.Where(c => BaselineChangeKind.SeverityOf(c.Key) == BaselineChangeKind.Info).Sum(c => c.Value);
            return summary;
        }

        /// <summary>The -Summary object of a run whose reference baseline was refused: exit code 16.</summary>
        public static BaselineComparisonSummary CreateUntrustedSummary(string referencePath, string problem, IEnumerable<string> comparedWith, bool quick, TimeSpan elapsed)
        {
            return new BaselineComparisonSummary(referencePath)
            {
                BaselineTrusted = false,
                BaselineProblem = problem,
                ComparedWith = comparedWith.ToArray(),
                Quick = quick,
                ExitCode = BaselineChangeKind.ExitUntrusted,
                Elapsed = elapsed,
            };
        }

        private BaselineChange Count(BaselineChange change)
        {
            _counts[change.Change] = CountOf(change.Change) + 1;
            if (CollectChanges)
            {
                _changes.Add(change);
            }

            ExitCode |= BaselineChangeKind.ExitBitsOf(change.Change);
            return change;
        }

        private static bool IsUnsignedExecutable(BaselineEntry entry)
        {
            if (!entry.IsFile || entry.Error != null)
            {
                return false;
            }

            if (entry.Signer != null)
            {
                return entry.Signer.IsUnsigned;
            }

            return entry.IsExecutable;
        }

        private IEnumerable<BaselineChange> ResolveAddedAndRemoved(List<Pending> added, List<Pending> removed)
        {
            // Moves: an addition whose content equals a removal's (same type, same hash).
            var byHash = new Dictionary<string, Queue<Pending>>(StringComparer.Ordinal);
            foreach (Pending gone in removed)
            {
                string? hash = gone.Entry.IsFile && gone.Entry.Error == null ? gone.Entry.GetHash(_algorithm) : null;
                if (hash != null)
                {
                    if (!byHash.TryGetValue(hash, out Queue<Pending>? queue))
                    {
                        queue = new Queue<Pending>();
                        byHash.Add(hash, queue);
                    }

                    queue.Enqueue(gone);
                }
            }

            foreach (Pending arrival in added)
            {
                string? hash = arrival.Entry.IsFile && arrival.Entry.Error == null ? arrival.Entry.GetHash(_algorithm) : null;
                if (hash != null && byHash.TryGetValue(hash, out Queue<Pending>? queue) && queue.Count > 0)
                {
                    Pending source = queue.Dequeue();
                    source.Matched = true;
                    arrival.MovedFrom = source.Entry;
                }
            }

            int a = 0;
            int r = 0;
            while (a < added.Count || r < removed.Count)
            {
                bool takeAdded = r >= removed.Count || (a < added.Count && BaselineOrder.Instance.Compare(added[a].Entry, removed[r].Entry) < 0);
                if (takeAdded)
                {
                    Pending arrival = added[a++];
                    yield return arrival.MovedFrom != null ? Moved(arrival.MovedFrom, arrival.Entry) : Added(arrival);
                }
                else
                {
                    Pending gone = removed[r++];
                    if (!gone.Matched)
                    {
                        yield return Removed(gone.Entry);
                    }
                }
            }
        }

        private IEnumerable<BaselineChange> Classify(BaselineEntry reference, BaselineEntry current)
        {
            if (reference.Type != current.Type)
            {
                yield return Change(BaselineChangeKind.TypeChanged, reference, current, $"It was a {reference.Type} and is now a {current.Type}.");
                yield break;
            }

            bool found = false;
            if (current.Error != null)
            {
                if (current.Error != reference.Error)
                {
                    found = true;
                    yield return Change(BaselineChangeKind.Unreadable, reference, current, "Its content cannot be checked: " + current.Error);
                }
            }
            else if (reference.Error != null)
            {
                found = true;
                yield return Change(BaselineChangeKind.ContentChanged, reference, current, "It could not be captured when the baseline was recorded (" + reference.Error.TrimEnd('.') + "), so its content cannot be compared.");
            }
            else if (current.IsFile)
            {
                BaselineChange? content = ClassifyContent(reference, current);
                if (content != null)
                {
                    found = true;
                    yield return content;
                }
            }
            else if (current.Type == BaselineEntryType.SymbolicLink && !string.Equals(reference.LinkTarget, current.LinkTarget, StringComparison.Ordinal))
            {
                found = true;
                yield return Change(BaselineChangeKind.ContentChanged, reference, current, $"The symbolic link now points to '{current.LinkTarget}' instead of '{reference.LinkTarget}'.");
            }

            if (reference.Mode.HasValue && current.Mode.HasValue && reference.Mode != current.Mode)
            {
                int before = reference.Mode.Value;
                int after = current.Mode.Value;
                bool becameExecutable = (before & 0x49) == 0 && (after & 0x49) != 0;
                if (becameExecutable)
                {
                    found = true;
                    yield return Change(BaselineChangeKind.BecameExecutable, reference, current, $"It became executable (mode {reference.ModeText} to {current.ModeText}).");
                }

                if (!becameExecutable || ((before ^ after) & ~0x49) != 0)
                {
                    found = true;
                    yield return Change(BaselineChangeKind.PermissionsChanged, reference, current, $"Its mode changed from {reference.ModeText} to {current.ModeText}.");
                }
            }

            if ((reference.OwnerId.HasValue && current.OwnerId.HasValue && reference.OwnerId != current.OwnerId)
                || (reference.GroupId.HasValue && current.GroupId.HasValue && reference.GroupId != current.GroupId))
            {
                found = true;
                yield return Change(BaselineChangeKind.OwnerChanged, reference, current, $"Its owner changed from {OwnerOf(reference)} to {OwnerOf(current)}.");
            }

            if (!found && !current.IsDirectory)
            {
                string? what = MetadataDifference(reference, current);
                if (what != null)
                {
                    yield return Change(BaselineChangeKind.MetadataChanged, reference, current, $"Only its {what} changed.");
                }
            }
        }

        private string? MetadataDifference(BaselineEntry reference, BaselineEntry current)
        {
            var parts = new List<string>();
            if (reference.LastWriteTimeUtc.HasValue && current.LastWriteTimeUtc.HasValue && reference.LastWriteTimeUtc != current.LastWriteTimeUtc)
            {
                parts.Add("modification time");
            }

            if (_compareFileIdentity)
            {
                if (reference.ChangeTimeUtc.HasValue && current.ChangeTimeUtc.HasValue && reference.ChangeTimeUtc != current.ChangeTimeUtc)
                {
                    parts.Add("change time");
                }

                if ((reference.Device.HasValue && current.Device.HasValue && reference.Device != current.Device)
                    || (reference.Inode.HasValue && current.Inode.HasValue && reference.Inode != current.Inode))
                {
                    parts.Add("file id");
                }
            }

            return parts.Count == 0 ? null : string.Join(" and ", parts);
        }

        private BaselineChange Added(Pending arrival)
        {
            BaselineEntry entry = arrival.Entry;
            if (arrival.UnsignedAmongSigned)
            {
                string what = entry.Signer != null ? "an unsigned " + SignableKind(entry.Signer) : "an unsigned executable file";
                return Change(BaselineChangeKind.UnsignedAdded, null, entry, $"It is new: {what} in a folder whose other files are signed.");
            }

            return Change(BaselineChangeKind.Added, null, entry, entry.Error != null ? $"It is new ({entry.Type}); {entry.Error}" : $"It is new ({entry.Type}).");
        }

        private BaselineChange Removed(BaselineEntry entry) => Change(BaselineChangeKind.Removed, entry, null, $"It is gone ({entry.Type}).");

        private BaselineChange Moved(BaselineEntry from, BaselineEntry to)
        {
            BaselineChange change = Change(BaselineChangeKind.Moved, from, to, $"It was moved here from '{from.Path}' with the same content.");
            change.OldPath = from.Path;
            return change;
        }

        private BaselineChange Change(string kind, BaselineEntry? reference, BaselineEntry? current, string detail)
        {
            BaselineEntry key = current ?? reference!;
            string root = key.Tree < _currentRoots.Count ? _currentRoots[key.Tree] : string.Empty;
            string full = Path.Combine(root, key.Path.Replace('/', Path.DirectorySeparatorChar));
            return new BaselineChange(full, key.Path, key.Tree, kind, BaselineChangeKind.SeverityOf(kind), detail, _digest)
            {
                OldType = reference?.Type,
                NewType = current?.Type,
                HashAlgorithm = _algorithm,
                OldHash = reference?.GetHash(_algorithm),
                NewHash = current?.GetHash(_algorithm),
                OldSize = reference?.Size,
                NewSize = current?.Size,
                OldMode = reference?.ModeText,
                NewMode = current?.ModeText,
                OldOwner = reference == null ? null : OwnerOf(reference),
                NewOwner = current == null ? null : OwnerOf(current),
                OldSignatureStatus = reference?.Signer?.Status,
                NewSignatureStatus = current?.Signer?.Status,
                OldSigner = reference?.Signer?.SignerSubject,
                NewSigner = current?.Signer?.SignerSubject,
                OldSignerThumbprint = reference?.Signer?.SignerThumbprint,
                NewSignerThumbprint = current?.Signer?.SignerThumbprint,
                OldVersion = reference?.Version?.Display,
                NewVersion = current?.Version?.Display,
            };
        }

        private static string? OwnerOf(BaselineEntry entry)
        {
            if (!entry.OwnerId.HasValue && !entry.GroupId.HasValue)
            {
                return null;
            }

            return string.Format(CultureInfo.InvariantCulture, "{0}:{1}", entry.OwnerId, entry.GroupId);
        }

        private sealed class Pending
        {
            public Pending(BaselineEntry entry, bool unsignedAmongSigned)
            {
                Entry = entry;
                UnsignedAmongSigned = unsignedAmongSigned;
            }

            public BaselineEntry Entry { get; }
            public bool UnsignedAmongSigned { get; set; }
            public bool Matched { get; set; }
            public BaselineEntry? MovedFrom { get; set; }
        }

        /// <summary>
        /// The non-directory entries of one folder arrive together (canonical order), so "its neighbours are signed"
        /// is decided when the folder's run ends, with constant state.
        /// </summary>
        private sealed class NeighbourGroup
        {
            private int _tree = -1;
            private string? _folder;

            public bool HasSignedFile { get; set; }

            public List<Pending> Candidates { get; } = new List<Pending>();

            public void Enter(BaselineEntry? entry)
            {
                int tree = entry?.Tree ?? -2;
                string? folder = entry == null ? null : FolderOf(entry.Path);
                if (tree == _tree && string.Equals(folder, _folder, StringComparison.Ordinal))
                {
                    return;
                }

                if (HasSignedFile)
                {
                    foreach (Pending candidate in Candidates)
                    {
                        candidate.UnsignedAmongSigned = true;
                    }
                }

                Candidates.Clear();
                HasSignedFile = false;
                _tree = tree;
                _folder = folder;
            }

            private static string FolderOf(string path)
            {
                int slash = path.LastIndexOf('/');
                return slash < 0 ? string.Empty : path.Substring(0, slash);
            }
        }
    }
}
