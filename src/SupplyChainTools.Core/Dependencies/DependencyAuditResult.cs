using System;

namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>
    /// One outcome of a dependency audit, in the order the files were met: a finding, or a file that could not be
    /// audited (malformed, unreadable), with how far the audit has come for a progress bar.
    /// </summary>
    public sealed class DependencyAuditResult
    {
        private DependencyAuditResult(DependencyFinding? finding, string? failedPath, int? failedLine, Exception? failure, int filesDone, int filesTotal)
        {
            Finding = finding;
            FailedPath = failedPath;
            FailedLine = failedLine;
            Failure = failure;
            FilesDone = filesDone;
            FilesTotal = filesTotal;
        }

        /// <summary>The finding, or null for a failure or a progress step.</summary>
        public DependencyFinding? Finding { get; }

        /// <summary>The file that could not be audited.</summary>
        public string? FailedPath { get; }

        /// <summary>The line where parsing stopped, when the format has lines.</summary>
        public int? FailedLine { get; }

        /// <summary>Why the file could not be audited: <see cref="DependencyFileFormatException"/>, or an I/O or refusal error of <see cref="FileSystem.InputFileOpener"/>.</summary>
        public Exception? Failure { get; }

        /// <summary>Dependency files audited so far.</summary>
        public int FilesDone { get; }

        /// <summary>Dependency files found under the audited paths.</summary>
        public int FilesTotal { get; }

        internal static DependencyAuditResult Found(DependencyFinding finding, int done, int total) => new DependencyAuditResult(finding, null, null, null, done, total);

        internal static DependencyAuditResult Failed(string path, int? line, Exception failure, int done, int total) => new DependencyAuditResult(null, path, line, failure, done, total);

        internal static DependencyAuditResult Progress(int done, int total) => new DependencyAuditResult(null, null, null, null, done, total);
    }
}
