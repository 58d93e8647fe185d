using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Baselines
{
    public sealed partial class BaselineUpdate
    {
        private Replacement Accept(BaselineVerification reference, BaselineScanOptions options, IBaselineHost host, CancellationToken cancellationToken)
        {
            List<(int Tree, string Path)> accepted = CollectAccepted(reference, host);
            if (accepted.Count == 0)
            {
                throw new BaselineRunException(
                    new ArgumentException("No change of this baseline was given to accept; pipe in the reviewed changes from Compare-SoftwareBaseline, or use -Path to rescan a folder."),
                    ErrorIds.NothingToAccept,
                    BaselineErrorKind.InvalidArgument,
                    ReferencePath);
            }

            var keys = new HashSet<(int, string)>(accepted);
            IReadOnlyList<string> roots = reference.Header.Roots;
            return new Replacement(entry => keys.Contains((entry.Tree, entry.Path)), () => CaptureAccepted(accepted, roots, options, cancellationToken), $"accept {accepted.Count} reviewed change(s)");
        }

        private Replacement Rescan(IReadOnlyList<string> roots, BaselineScanOptions options, IBaselineHost host, CancellationToken cancellationToken)
        {
            List<(int Tree, string Folder)> subtrees = ResolveSubtrees(roots, host);
            if (subtrees.Count == 0)
            {
                throw new BaselineRunException(new ArgumentException("None of the -Path folders can be rescanned (see the errors above); nothing was written."), ErrorIds.NothingToAccept, BaselineErrorKind.InvalidArgument, RescanFolders);
            }

            return new Replacement(
                entry => subtrees.Any(s => s.Tree == entry.Tree && IsAtOrBelow(entry.Path, s.Folder)),
                () => subtrees.SelectMany(s => BaselineScanner.ScanSubtree(roots[s.Tree], s.Tree, s.Folder, options, cancellationToken)),
                "rescan " + string.Join(", ", subtrees.Select(s => Path.Combine(roots[s.Tree], s.Folder))));
        }

        private List<(int Tree, string Path)> CollectAccepted(BaselineVerification reference, IBaselineHost host)
        {
            var accepted = new List<(int Tree, string Path)>();
            foreach (ReviewedChange change in Changes)
            {
                if (change.RelativePath == null || change.Tree == null || change.BaselineDigest == null)
                {
                    host.Report(new BaselineRunException(new ArgumentException("The input is not a BaselineChange (it needs RelativePath, Tree and BaselineDigest)."), ErrorIds.NotABaselineChange, BaselineErrorKind.InvalidArgument, change.Source));
                    continue;
                }

                string relative = change.RelativePath;
                int tree = change.Tree.Value;
                if (!string.Equals(change.BaselineDigest, reference.Digest, StringComparison.OrdinalIgnoreCase))
                {
                    host.Report(new BaselineRunException(
                        new ArgumentException($"The change to '{relative}' was found against another baseline (digest {change.BaselineDigest}), not this one ({reference.Digest}); it is not accepted."),
                        ErrorIds.ChangeFromAnotherBaseline,
                        BaselineErrorKind.InvalidArgument,
                        change.Source));
                    continue;
                }

                if (tree < 0 || tree >= reference.Header.Roots.Count || !BaselineEntry.IsValidRelativePath(relative) || (change.OldPath != null && !BaselineEntry.IsValidRelativePath(change.OldPath)))
                {
                    host.Report(new BaselineRunException(new ArgumentException($"The change names '{relative}', which is not a path of this baseline."), ErrorIds.NotABaselineChange, BaselineErrorKind.InvalidArgument, change.Source));
                    continue;
                }

                accepted.Add((tree, relative));
                if (change.OldPath != null)
                {
                    accepted.Add((tree, change.OldPath));
                }
            }

            return accepted;
        }

        private static IEnumerable<BaselinePair> CaptureAccepted(List<(int Tree, string Path)> accepted, IReadOnlyList<string> roots, BaselineScanOptions options, CancellationToken cancellationToken)
        {
            var captured = new List<BaselineEntry>();
            foreach ((int tree, string relative) in accepted.Distinct())
            {
                BaselineEntry? entry = BaselineScanner.CaptureOne(roots[tree], tree, relative, options, cancellationToken);
                if (entry != null)
                {
                    captured.Add(entry);
                }
            }

            captured.Sort(BaselineOrder.Instance);
            return captured.Select(entry => new BaselinePair(null, entry, roots[entry.Tree]));
        }

        /// <summary>The rescan folders as (root index, path below it), in canonical order, none inside another (it would be captured twice).</summary>
        private List<(int Tree, string Folder)> ResolveSubtrees(IReadOnlyList<string> roots, IBaselineHost host)
        {
            var subtrees = new List<(int Tree, string Folder)>();
            foreach (string input in RescanFolders ?? Array.Empty<string>())
            {
                string? full = host.ResolveFolder(input, "-Path names existing folders to rescan");
                if (full == null)
                {
                    continue;
                }

                int tree = -1;
                for (int i = 0; i < roots.Count; i++)
                {
                    if (RealPath.IsInside(roots[i], full))
                    {
                        tree = i;
                    }
                }

                if (tree < 0)
                {
                    host.Report(new BaselineRunException(new ArgumentException($"'{full}' is not below a root of the baseline ({string.Join(", ", roots)}); -Path names folders inside the recorded ones."), ErrorIds.NotBelowBaselineRoot, BaselineErrorKind.InvalidArgument, input));
                    continue;
                }

                string root = roots[tree].TrimEnd(Path.DirectorySeparatorChar);
                string relative = full.Length <= root.Length ? string.Empty : full.Substring(root.Length + 1).Replace(Path.DirectorySeparatorChar, '/');
                subtrees.Add((tree, relative));
            }

            subtrees.Sort((a, b) => BaselineOrder.Compare(a.Tree, a.Folder, true, b.Tree, b.Folder, true));
            var result = new List<(int Tree, string Folder)>();
            foreach (var subtree in subtrees)
            {
                if (!result.Any(r => r.Tree == subtree.Tree && IsAtOrBelow(subtree.Folder, r.Folder)))
                {
                    result.Add(subtree);
                }
            }

            return result;
        }

        /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or below it ("" is the root).</summary>
        private static bool IsAtOrBelow(string path, string folder) =>
            folder.Length == 0 || path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);
    }
}
