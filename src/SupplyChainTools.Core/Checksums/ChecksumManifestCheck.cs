using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Checksums
{
    /// <summary>
    /// One step of checking files against a manifest, in manifest order: a file to check against its hash, a line
    /// refused (<see cref="Problem"/>), or the manifest failing as a whole (<see cref="Failure"/>). Each step also
    /// moves the count of files expected (<see cref="ExpectedChange"/>), so progress can show a percentage.
    /// </summary>
    public sealed class ChecksumManifestItem
    {
        private ChecksumManifestItem(long expectedChange, IntegrityExpectation? expectation = null, ChecksumProblem? problem = null, Exception? failure = null)
        {
            ExpectedChange = expectedChange;
            Expectation = expectation;
            Problem = problem;
            Failure = failure;
        }

        public IntegrityExpectation? Expectation { get; }

        public ChecksumProblem? Problem { get; }

        /// <summary>
        /// Why the manifest could not be used or read on: <see cref="FileNotFoundException"/>, <see cref="ChecksumManifestException"/>,
        /// <see cref="ChecksumManifestEmptyException"/>, or the I/O exception met.
        /// </summary>
        public Exception? Failure { get; }

        /// <summary>True when the line was refused because its entry would lead out of the base folder (a security matter, not a malformed line).</summary>
        public bool IsRefusal => Problem?.Kind == ChecksumProblemKind.UnsafePath;

        /// <summary>How many more files (or, negative, fewer) to expect: the manifest's lines at first, then the lines that name no file to check.</summary>
        public long ExpectedChange { get; }

        internal static ChecksumManifestItem Check(IntegrityExpectation expectation, long linesPassed) => new ChecksumManifestItem(-linesPassed, expectation: expectation);

        internal static ChecksumManifestItem Refused(ChecksumProblem problem, long linesPassed) => new ChecksumManifestItem(-linesPassed - 1, problem: problem);

        internal static ChecksumManifestItem Failed(Exception failure, long linesPassed = 0) => new ChecksumManifestItem(-linesPassed, failure: failure);

        internal static ChecksumManifestItem Expect(long lines) => new ChecksumManifestItem(lines);
    }

    /// <summary>
    /// The checksum-manifest use case: opens a manifest and turns its lines, as they are read, into the files to check
    /// and the lines refused, each entry resolved against the base folder and held to it by <see cref="ChecksumEntryPath"/>.
    /// Lazy, so memory is flat in the number of lines; the lines are counted first so progress can show a percentage.
    /// </summary>
    public static class ChecksumManifestCheck
    {
        /// <summary>
        /// The steps of checking the files <paramref name="manifestPath"/> lists, relative to <paramref name="baseDirectory"/>
        /// (by default the manifest's folder). <paramref name="algorithm"/> names the algorithm of GNU and bare lines
        /// (see <see cref="ChecksumManifestReader"/>). Failures are steps too: nothing is thrown but cancellation.
        /// </summary>
        public static IEnumerable<ChecksumManifestItem> Read(string manifestPath, string? baseDirectory, string? algorithm, CancellationToken cancellationToken = default)
            => Read(manifestPath, baseDirectory, null, () => ChecksumManifestReader.CountLines(manifestPath, cancellationToken), () => ChecksumManifestReader.Open(manifestPath, algorithm, cancellationToken), cancellationToken);

        /// <summary>
        /// <see cref="Read(string, string?, string?, CancellationToken)"/> over a manifest's bytes already verified by a
        /// signature (the very bytes the signature covers); each file to check carries <paramref name="signerFingerprint"/>.
        /// </summary>
        public static IEnumerable<ChecksumManifestItem> Read(string manifestPath, byte[] verifiedContent, string? signerFingerprint, string? baseDirectory, string? algorithm, CancellationToken cancellationToken = default)
        {
            long lines = verifiedContent.LongCount(b => b == (byte)'\n') + (verifiedContent.Length > 0 && verifiedContent[verifiedContent.Length - 1] != (byte)'\n' ? 1 : 0);
            return Read(manifestPath, baseDirectory, signerFingerprint, () => lines, () => new ChecksumManifestReader(manifestPath, new MemoryStream(verifiedContent, false), algorithm), cancellationToken);
        }

        private static IEnumerable<ChecksumManifestItem> Read(string manifestPath, string? baseDirectory, string? signerFingerprint, Func<long> countLines, Func<ChecksumManifestReader> open, CancellationToken cancellationToken)
        {
            ChecksumManifestReader? reader = null;
            long lines = 0;
            Exception? failure = null;
            try
            {
                lines = countLines();
                reader = open();
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                failure = new FileNotFoundException($"The checksum file '{manifestPath}' does not exist.", manifestPath);
            }
            catch (Exception ex) when (IsManifestFailure(ex))
            {
                failure = ex;
            }

            if (failure != null)
            {
                yield return ChecksumManifestItem.Failed(failure);
                yield break;
            }

            using (reader!)
            {
                yield return ChecksumManifestItem.Expect(lines);
                string directory = baseDirectory ?? Path.GetDirectoryName(manifestPath) ?? ".";
                string? realBase = ResolveBase(directory, out failure);
                bool listsAnything = false;
                long accountedLines = 0;
                while (failure == null && !cancellationToken.IsCancellationRequested && TryReadLine(reader!, out ChecksumManifestLine? line, out failure))
                {
                    listsAnything = true;
                    long passed = Math.Max(0, line!.LineNumber - accountedLines - 1);
                    accountedLines = Math.Max(accountedLines, line.LineNumber);
                    yield return line.Problem != null ? ChecksumManifestItem.Refused(line.Problem, passed) : Resolve(line.Entry!, directory, realBase!, manifestPath, signerFingerprint, passed);
                }

                long linesLeft = Math.Max(0, lines - accountedLines);
                yield return failure != null ? ChecksumManifestItem.Failed(failure, linesLeft)
                    : listsAnything ? ChecksumManifestItem.Expect(-linesLeft)
                    : ChecksumManifestItem.Failed(new ChecksumManifestEmptyException(manifestPath), linesLeft);
            }
        }

        private static ChecksumManifestItem Resolve(ChecksumEntry entry, string directory, string realBase, string manifestPath, string? signerFingerprint, long linesPassed)
        {
            string target = ChecksumEntryPath.Resolve(directory, entry.RelativePath, entry.NameWasEscaped);
            string? escape = ChecksumEntryPath.CheckStaysInside(realBase, target);
            return escape != null
                ? ChecksumManifestItem.Refused(new ChecksumProblem(entry.LineNumber, ChecksumProblemKind.UnsafePath, $"Line {entry.LineNumber}: the entry '{entry.RelativePath}' was refused and not read because {escape}.", entry.RelativePath), linesPassed)
                : ChecksumManifestItem.Check(new IntegrityExpectation(target, entry.AlgorithmLabel, entry.Algorithm, entry.ExpectedHash, manifestPath, entry.LineNumber, signerFingerprint), linesPassed);
        }

        private static string? ResolveBase(string directory, out Exception? failure)
        {
            failure = null;
            try
            {
                return RealPath.Resolve(directory);
            }
            catch (Exception ex) when (IsManifestFailure(ex))
            {
                failure = ex;
                return null;
            }
        }

        private static bool TryReadLine(ChecksumManifestReader reader, out ChecksumManifestLine? line, out Exception? failure)
        {
            failure = null;
            try
            {
                return reader.TryReadLine(out line);
            }
            catch (Exception ex) when (IsManifestFailure(ex))
            {
                failure = ex;
                line = null;
                return false;
            }
        }

        private static bool IsManifestFailure(Exception error) => error is IOException || error is UnauthorizedAccessException || error is ChecksumManifestException;
    }
}
