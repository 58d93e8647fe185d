using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Checksums
{
    /// <summary>One content line of a manifest, ready to act on: the file to check against its hash, or why the line is refused.</summary>
    public sealed class ChecksumManifestItem
    {
        public ChecksumManifestItem(IntegrityExpectation expectation)
        {
            Expectation = expectation;
        }

        public ChecksumManifestItem(ChecksumProblem problem)
        {
            Problem = problem;
        }

        public IntegrityExpectation? Expectation { get; }

        public ChecksumProblem? Problem { get; }

        /// <summary>The manifest line this item comes from.</summary>
        public int LineNumber => Problem?.LineNumber ?? Expectation!.LineNumber!.Value;
    }

    /// <summary>
    /// Turns a manifest's lines, as they are read, into the files to check: each entry resolved against the base
    /// folder and refused when it leads outside it through a symbolic link. Lazy, so memory is flat in the number of lines.
    /// </summary>
    public static class ChecksumManifestExpectations
    {
        public static IEnumerable<ChecksumManifestItem> Read(ChecksumManifestReader reader, string baseDirectory, CancellationToken cancellationToken = default)
        {
            string realBase = RealPath.Resolve(baseDirectory);
            while (!cancellationToken.IsCancellationRequested && reader.TryReadLine(out ChecksumManifestLine? line))
            {
                if (line!.Problem != null)
                {
                    yield return new ChecksumManifestItem(line.Problem);
                    continue;
                }

                ChecksumEntry entry = line.Entry!;
                string target = ChecksumManifestParser.ResolveEntryPath(baseDirectory, entry.RelativePath, entry.NameWasEscaped);
                string? escape = CheckStaysInside(realBase, target);
                yield return escape != null
                    ? new ChecksumManifestItem(new ChecksumProblem(entry.LineNumber, ChecksumProblemKind.UnsafePath, $"Line {entry.LineNumber}: the entry '{entry.RelativePath}' was refused and not read because {escape}.", entry.RelativePath))
                    : new ChecksumManifestItem(new IntegrityExpectation(target, entry.AlgorithmLabel, entry.Algorithm, entry.ExpectedHash, reader.ManifestPath, entry.LineNumber));
            }
        }

        /// <summary>Why a manifest entry that looks relative still leads outside the folder (through a symbolic link), or null.</summary>
        private static string? CheckStaysInside(string realBase, string target)
        {
            try
            {
                string realTarget = RealPath.Resolve(target);
                return RealPath.IsInside(realBase, realTarget) ? null : $"it leads outside the folder through a symbolic link (to '{realTarget}')";
            }
            catch (IOException ex)
            {
                return ex.Message;
            }
        }
    }
}
