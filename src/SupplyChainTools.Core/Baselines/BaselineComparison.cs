using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// Reports drift from a verified reference baseline: against live folders (default: the ones it recorded) or
    /// against another baseline. Both sides are streamed and merged; the reference must not change while it is read.
    /// </summary>
    public sealed class BaselineComparison
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private IReadOnlyList<string>? _comparedWith;

        public BaselineComparison(string referencePath)
        {
            ReferencePath = referencePath;
        }

        public string ReferencePath { get; }
        /// <summary>Certificates or thumbprints the reference must be signed by (none: any valid signature, or none).</summary>
        public IReadOnlyList<object?> TrustedSigners { get; set; } = Array.Empty<object?>();
        /// <summary>Compare with this baseline instead of live folders.</summary>
        public string? DifferencePath { get; set; }
        /// <summary>Live folders as the user gave them, one per recorded root; none: the recorded roots.</summary>
        public IReadOnlyList<string> Folders { get; set; } = Array.Empty<string>();
        public bool Quick { get; set; }
        /// <summary>Keep the changes for the summary instead of handing each to the host.</summary>
        public bool Summary { get; set; }
        /// <summary>Default: the rule the reference recorded.</summary>
        public string? SignerIdentity { get; set; }
        public int DegreeOfParallelism { get; set; } = Environment.ProcessorCount;

        /// <summary>What the reference is compared with: the difference baseline, or the folders (as given until they are resolved).</summary>
        public IReadOnlyList<string> ComparedWith => _comparedWith ?? (DifferencePath != null ? new[] { DifferencePath } : Folders);

        /// <summary>Compares, handing the changes to the host (unless <see cref="Summary"/>), and returns the summary of the run.</summary>
        public BaselineComparisonSummary Run(IBaselineHost host, CancellationToken cancellationToken)
        {
            BaselineVerification reference = BaselineTrust.VerifyForUse(ReferencePath, BaselineTrust.ParseTrustedSigners(TrustedSigners), cancellationToken);
            BaselineComparer comparer;
            string? differenceDigest = null;
            using (BaselineReader referenceReader = BaselineReader.Open(ReferencePath, cancellationToken))
            {
                BaselineReader? differenceReader = null;
                try
                {
                    IEnumerable<BaselinePair> pairs;
                    if (DifferencePath != null)
                    {
                        BaselineVerification difference = BaselineTrust.VerifyForUse(DifferencePath, Array.Empty<string>(), cancellationToken);
                        differenceDigest = difference.Digest;
                        string[] common = reference.Header.Algorithms.Intersect(difference.Header.Algorithms, StringComparer.Ordinal).ToArray();
                        CheckShape(reference.Header.Roots.Count, difference.Header.Roots.Count, common, DifferencePath);

                        // File ids, ctimes and devices only mean the same thing on the same machine.
                        bool sameHost = string.Equals(reference.Header.HostName, difference.Header.HostName, StringComparison.OrdinalIgnoreCase);
                        comparer = CreateComparer(reference, common, difference.Header.Roots, sameHost);
                        differenceReader = BaselineReader.Open(DifferencePath, cancellationToken);
                        pairs = BaselineScanner.Join(referenceReader.ReadEntries(cancellationToken), differenceReader.ReadEntries(cancellationToken));
                    }
                    else
                    {
                        IReadOnlyList<string> roots = ResolveRoots(reference.Header, host);
                        BaselineScanOptions options = BaselineScanOptions.For(host, reference.Header, ReferencePath, roots, DegreeOfParallelism, Quick);
                        comparer = CreateComparer(reference, reference.Header.Algorithms, roots, compareFileIdentity: true);
                        pairs = BaselineScanner.Scan(roots, options, referenceReader.ReadEntries(cancellationToken), cancellationToken);
                    }

                    IEnumerable<BaselinePair> observed = BaselineRunReport.Observe(pairs, host, Array.Empty<string>(), reportIncomplete: false, reportProgress: true, reference.EntryCount);
                    foreach (BaselineChange change in comparer.Compare(observed))
                    {
                        if (!Summary)
                        {
                            host.Output(change);
                        }
                    }
                }
                finally
                {
                    differenceReader?.Dispose();
                }

                if (!string.Equals(referenceReader.Digest, reference.Digest, StringComparison.Ordinal))
                {
                    throw new BaselineFormatException(BaselineProblem.Modified, $"The baseline '{ReferencePath}' is refused: it changed while it was being compared (its digest is now {referenceReader.Digest}, it was {reference.Digest}).");
                }
            }

            return comparer.CreateSummary(reference, ComparedWith, differenceDigest, Quick, _clock.Elapsed);
        }

        /// <summary>The summary of a run whose baseline was refused for <paramref name="problem"/> (exit code 16).</summary>
        public BaselineComparisonSummary RefusalSummary(string problem) =>
            BaselineComparer.CreateUntrustedSummary(ReferencePath, problem, ComparedWith, Quick, _clock.Elapsed);

        private BaselineComparer CreateComparer(BaselineVerification reference, IReadOnlyList<string> algorithms, IReadOnlyList<string> currentRoots, bool compareFileIdentity) =>
            new BaselineComparer(reference.Digest, algorithms, currentRoots, compareFileIdentity) { CollectChanges = Summary, SignerIdentity = SignerIdentity ?? reference.Header.SignerIdentity };

        /// <summary>The live folders, one per recorded root, each existing.</summary>
        private IReadOnlyList<string> ResolveRoots(BaselineHeader header, IBaselineHost host)
        {
            List<string> roots = Folders.Count == 0 ? header.Roots.ToList() : host.ResolveFolders(Folders).ToList();
            CheckShape(header.Roots.Count, roots.Count, header.Algorithms.ToArray(), string.Join(", ", Folders));
            foreach (string root in roots.Where(r => !Directory.Exists(r)))
            {
                throw new BaselineRunException(
                    new DirectoryNotFoundException($"The folder '{root}' recorded in the baseline does not exist; name the folders to compare with -Path."),
                    ErrorIds.FolderNotFound,
                    BaselineErrorKind.ObjectNotFound,
                    root);
            }

            _comparedWith = roots.ToArray();
            return roots;
        }

        /// <summary>Two sides can be compared: one folder per recorded root, and a hash algorithm in common.</summary>
        private static void CheckShape(int referenceRoots, int otherRoots, string[] commonAlgorithms, string other)
        {
            if (referenceRoots != otherRoots)
            {
                throw new BaselineRunException(
                    new ArgumentException($"The baseline records {referenceRoots} folder(s) but {otherRoots} were given to compare ({other}); give one folder per recorded root, in the same order."),
                    ErrorIds.RootCountMismatch,
                    BaselineErrorKind.InvalidArgument,
                    other);
            }

            if (commonAlgorithms.Length == 0)
            {
                throw new BaselineRunException(
                    new ArgumentException($"The two baselines share no hash algorithm, so their contents cannot be compared."),
                    ErrorIds.NoCommonAlgorithm,
                    BaselineErrorKind.InvalidArgument,
                    other);
            }
        }
    }
}
