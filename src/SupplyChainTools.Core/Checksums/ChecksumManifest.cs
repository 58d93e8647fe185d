using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Checksums
{
    /// <summary>One usable line of a checksum manifest.</summary>
    public sealed class ChecksumEntry
    {
        public ChecksumEntry(int lineNumber, string algorithmLabel, string? algorithm, string expectedHash, string relativePath, bool nameWasEscaped = false)
        {
            NameWasEscaped = nameWasEscaped;
            LineNumber = lineNumber;
            AlgorithmLabel = algorithmLabel;
            Algorithm = algorithm;
            ExpectedHash = expectedHash;
            RelativePath = relativePath;
        }

        /// <summary>1-based line in the manifest.</summary>
        public int LineNumber { get; }

        /// <summary>The algorithm as the manifest names it (or as inferred), e.g. "SHA256" or "SHA3-256".</summary>
        public string AlgorithmLabel { get; }

        /// <summary>The canonical supported algorithm, or null when the manifest names one we do not compute.</summary>
        public string? Algorithm { get; }

        /// <summary>Upper-case hex.</summary>
        public string ExpectedHash { get; }

        /// <summary>True when the line used GNU escaping, so a backslash in the name is a literal character.</summary>
        public bool NameWasEscaped { get; }

        /// <summary>The name as written, relative to the manifest's folder (already checked to stay inside it).</summary>
        public string RelativePath { get; }
    }

    public static class ChecksumProblemKind
    {
        /// <summary>A line that is neither GNU, BSD nor a bare hash, or whose hash does not fit its algorithm.</summary>
        public const string InvalidLine = "InvalidLine";

        /// <summary>An entry that is absolute, names a drive, or climbs out of the manifest's folder: refused, never read.</summary>
        public const string UnsafePath = "UnsafePath";
    }

    /// <summary>A line that could not be used, and why.</summary>
    public sealed class ChecksumProblem
    {
        public ChecksumProblem(int lineNumber, string kind, string message, string? entryPath)
        {
            LineNumber = lineNumber;
            Kind = kind;
            Message = message;
            EntryPath = entryPath;
        }

        public int LineNumber { get; }
        public string Kind { get; }
        public string Message { get; }
        public string? EntryPath { get; }
    }

    /// <summary>One content line of a manifest as it is read: an entry, or the reason the line cannot be used.</summary>
    public sealed class ChecksumManifestLine
    {
        public ChecksumManifestLine(ChecksumEntry entry)
        {
            Entry = entry ?? throw new ArgumentNullException(nameof(entry));
        }

        public ChecksumManifestLine(ChecksumProblem problem)
        {
            Problem = problem ?? throw new ArgumentNullException(nameof(problem));
        }

        public int LineNumber => Entry?.LineNumber ?? Problem!.LineNumber;

        public ChecksumEntry? Entry { get; }

        public ChecksumProblem? Problem { get; }
    }

    /// <summary>A parsed checksum manifest: the usable entries, and every line that could not be used.</summary>
    public sealed class ChecksumManifest
    {
        public ChecksumManifest(string path, IReadOnlyList<ChecksumEntry> entries, IReadOnlyList<ChecksumProblem> problems)
        {
            Path = path;
            Entries = entries;
            Problems = problems;
        }

        /// <summary>The manifest's own path (a display name when parsed from text).</summary>
        public string Path { get; }

        public IReadOnlyList<ChecksumEntry> Entries { get; }

        public IReadOnlyList<ChecksumProblem> Problems { get; }
    }

    /// <summary>A manifest that cannot be used at all (not a regular file, not text).</summary>
    public sealed class ChecksumManifestException : Exception
    {
        public ChecksumManifestException(string message)
            : base(message)
        {
        }
    }

    /// <summary>A manifest that holds no checksum line at all: nothing could be checked, which is an error of its own.</summary>
    public sealed class ChecksumManifestEmptyException : Exception
    {
        public ChecksumManifestEmptyException(string manifestPath)
            : base($"The checksum file '{manifestPath}' lists no files.")
        {
        }
    }
}
