using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>
    /// The two dependency audits, one entry each: <see cref="Pinning"/> (Test-DependencyPinning, M1013) and
    /// <see cref="Sources"/> (Test-DependencySource, M1033). Each walks the given folders once with
    /// <see cref="FileWalker"/>, keeps the files some auditor handles (by name, without reading them), then gives
    /// each file to every auditor that handles it. Results stream in walk order; a file that cannot be parsed is one
    /// failure result and the audit goes on. Memory holds the list of dependency files, never their findings.
    /// </summary>
    public static class DependencyAudit
    {
        /// <summary>
        /// Folders never descended into: installed or generated trees (node_modules, bin, obj, virtual
        /// environments, caches) hold copies of what the manifests ask for, not the manifests the build reads, and
        /// version-control metadata holds none. A file given by path is always audited.
        /// </summary>
        public static IReadOnlyCollection<string> SkippedFolderNames { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "node_modules", ".git", ".hg", ".svn", "bin", "obj", ".venv", "venv", "__pycache__", ".tox", ".nox", "site-packages", ".yarn",
        };

        /// <summary>The pinning audit (M1013) of the files and folders in <paramref name="paths"/>.</summary>
        public static IEnumerable<DependencyAuditResult> Pinning(IEnumerable<string> paths, DependencyAuditOptions options, CancellationToken cancellationToken) =>
            Run(paths, DependencyAuditors.Create(FindingMitigation.PinDependencies), options, cancellationToken);

        /// <summary>The source audit (M1033) of the files and folders in <paramref name="paths"/>.</summary>
        public static IEnumerable<DependencyAuditResult> Sources(IEnumerable<string> paths, DependencyAuditOptions options, CancellationToken cancellationToken) =>
            Run(paths, DependencyAuditors.Create(FindingMitigation.LimitSources), options, cancellationToken);

        internal static IEnumerable<DependencyAuditResult> Run(
            IEnumerable<string> paths, IReadOnlyList<IDependencyFileAuditor> auditors, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            var files = new List<DependencyFile>();
            var walkFailures = new List<DependencyAuditResult>();
            foreach (string path in paths)
            {
                Collect(path, auditors, files, walkFailures, cancellationToken);
            }

            foreach (DependencyAuditResult failure in walkFailures)
            {
                yield return failure;
            }

            int done = 0;
            foreach (DependencyFile file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (IDependencyFileAuditor auditor in auditors)
                {
                    if (!auditor.Handles(file))
                    {
                        continue;
                    }

                    foreach (DependencyAuditResult result in AuditOne(auditor, file, options, done, files.Count, cancellationToken))
                    {
                        yield return result;
                    }
                }

                done++;
                yield return DependencyAuditResult.Progress(done, files.Count);
            }
        }

        /// <summary>One auditor over one file, its findings materialised so a parse error mid-file reports the file once, not half its findings.</summary>
        private static IEnumerable<DependencyAuditResult> AuditOne(
            IDependencyFileAuditor auditor, DependencyFile file, DependencyAuditOptions options, int done, int total, CancellationToken cancellationToken)
        {
            List<DependencyFinding> findings;
            DependencyAuditResult? failure = null;
            try
            {
                // In line order within the file (file-level findings first), however the auditor met them.
                findings = auditor.Audit(file, options, cancellationToken).OrderBy(finding => finding.Line ?? 0).ToList();
            }
            catch (DependencyFileFormatException ex)
            {
                findings = new List<DependencyFinding>();
                failure = DependencyAuditResult.Failed(ex.Path, ex.Line, ex, done, total);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // Unreadable (IOException, refused by InputFileOpener, access denied) or an auditor's defect: this
                // file is reported and the rest of the tree is still audited.
                findings = new List<DependencyFinding>();
                failure = DependencyAuditResult.Failed(file.FullPath, null, ex, done, total);
            }

            if (failure != null)
            {
                yield return failure;
            }

            foreach (DependencyFinding finding in findings)
            {
                yield return DependencyAuditResult.Found(finding, done, total);
            }
        }

        private static void Collect(
            string path, IReadOnlyList<IDependencyFileAuditor> auditors, List<DependencyFile> files, List<DependencyAuditResult> failures, CancellationToken cancellationToken)
        {
            string full = Path.GetFullPath(path);
            if (!Directory.Exists(full))
            {
                var single = new DependencyFile(full, Path.GetFileName(full));
                if (auditors.Any(auditor => auditor.Handles(single)))
                {
                    files.Add(single);
                }

                return;
            }

            var walk = new FileWalkOptions
            {
                Recurse = true,
                DirectoryNameFilter = name => !SkippedFolderNames.Contains(name),
            };
            foreach (WalkEntry entry in FileWalker.Walk(full, walk, cancellationToken))
            {
                if (entry.Kind == WalkEntryKind.Error && entry.Error != null)
                {
                    failures.Add(DependencyAuditResult.Failed(entry.Path, null, entry.Error, 0, 0));
                    continue;
                }

                if (entry.Kind != WalkEntryKind.File)
                {
                    continue;
                }

                var file = new DependencyFile(entry.Path, RelativeTo(full, entry.Path));
                if (auditors.Any(auditor => auditor.Handles(file)))
                {
                    files.Add(file);
                }
            }
        }

        private static string RelativeTo(string root, string path) =>
            path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal) ? path.Substring(root.Length).TrimStart('/', '\\') : Path.GetFileName(path);
    }
}
