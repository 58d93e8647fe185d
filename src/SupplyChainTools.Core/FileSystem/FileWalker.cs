using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace SupplyChainTools.Core.FileSystem
{
    /// <summary>What a walk found at one place: a file to process, or something it had to pass over, and why.</summary>
    public sealed class WalkEntry
    {
        private WalkEntry(string path, WalkEntryKind kind, string? reason, Exception? error)
        {
            Path = path;
            Kind = kind;
            Reason = reason;
            Error = error;
        }

        public string Path { get; }
        public WalkEntryKind Kind { get; }
        /// <summary>Why an entry was skipped (a sentence), for verbose output.</summary>
        public string? Reason { get; }
        /// <summary>The failure for <see cref="WalkEntryKind.Error"/>.</summary>
        public Exception? Error { get; }

        internal static WalkEntry File(string path) => new WalkEntry(path, WalkEntryKind.File, null, null);
        internal static WalkEntry Skipped(string path, string reason) => new WalkEntry(path, WalkEntryKind.Skipped, reason, null);
        internal static WalkEntry Failed(string path, Exception error) => new WalkEntry(path, WalkEntryKind.Error, error.Message, error);
    }

    public enum WalkEntryKind
    {
        File,
        Skipped,
        Error,
    }

    public sealed class FileWalkOptions
    {
        /// <summary>Descend into subdirectories.</summary>
        public bool Recurse { get; set; }

        /// <summary>Descend into symbolic links to directories (loops are still never walked).</summary>
        public bool FollowDirectoryLinks { get; set; }

        /// <summary>
        /// Check each listed file with lstat and skip pipes, sockets and devices (default). A caller that opens
        /// files through <see cref="Hashing.FileHasher"/>, which refuses them itself, can turn this off to save
        /// a system call per file.
        /// </summary>
        public bool SkipSpecialFiles { get; set; } = true;

        /// <summary>Decides by file name (not path) whether a file is wanted; null takes every file.</summary>
        public Func<string, bool>? FileNameFilter { get; set; }

        /// <summary>Decides by directory name (not path) whether to descend into a directory; null descends into every one.</summary>
        public Func<string, bool>? DirectoryNameFilter { get; set; }
    }

    /// <summary>
    /// Walks a directory depth-first in ordinal name order, so the same tree always yields the same sequence.
    /// Lazy: a tree of any size is walked with memory proportional to its depth and widest directory.
    /// </summary>
    public static class FileWalker
    {
        public static IEnumerable<WalkEntry> Walk(string root, FileWalkOptions options, CancellationToken cancellationToken = default)
        {
            if (root == null)
            {
                throw new ArgumentNullException(nameof(root));
            }

            var visited = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>();
            string fullRoot = System.IO.Path.GetFullPath(root);
            visited.Add(DirectoryIdentity(fullRoot));
            pending.Push(fullRoot);

            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string directory = pending.Pop();
                List<ListedEntry> children;
                Exception? listingError = null;
                try
                {
                    children = ListDirectory(directory);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
                {
                    children = new List<ListedEntry>();
                    listingError = ex;
                }

                if (listingError != null)
                {
                    yield return WalkEntry.Failed(directory, listingError);
                    continue;
                }

                var subdirectories = new List<string>();
                foreach (ListedEntry child in children)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    bool isLink = child.IsLink;
                    bool isDirectory = child.IsDirectory;
                    if (isLink)
                    {
                        FileKind targetKind = FileStatus.GetKindFollowingLinks(child.FullName);
                        if (IsDanglingLink(child, targetKind))
                        {
                            if (PassesFilter(options, child.Name))
                            {
                                yield return WalkEntry.Failed(child.FullName, BrokenLinkError(child.FullName));
                            }

                            continue;
                        }

                        isDirectory = targetKind == FileKind.Directory;
                        if (isDirectory)
                        {
                            if (!options.Recurse)
                            {
                                continue;
                            }

                            if (!options.FollowDirectoryLinks)
                            {
                                yield return WalkEntry.Skipped(child.FullName, $"'{child.FullName}' is a symbolic link to a directory; not followed without -FollowSymlink.");
                                continue;
                            }
                        }
                    }

                    if (isDirectory)
                    {
                        if (options.Recurse && (options.DirectoryNameFilter == null || options.DirectoryNameFilter(child.Name)))
                        {
                            if (visited.Add(DirectoryIdentity(child.FullName)))
                            {
                                subdirectories.Add(child.FullName);
                            }
                            else
                            {
                                yield return WalkEntry.Skipped(child.FullName, $"'{child.FullName}' was already walked (a link loop or a second link to the same directory).");
                            }
                        }

                        continue;
                    }

                    if (!PassesFilter(options, child.Name))
                    {
                        continue;
                    }

                    if (!isLink && !options.SkipSpecialFiles)
                    {
                        yield return WalkEntry.File(child.FullName);
                        continue;
                    }

                    FileKind kind = isLink ? FileStatus.GetKindFollowingLinks(child.FullName) : KindOfListedFile(child.FullName);
                    if (kind == FileKind.RegularFile || kind == FileKind.Unknown)
                    {
                        yield return WalkEntry.File(child.FullName);
                    }
                    else
                    {
                        yield return WalkEntry.Skipped(child.FullName, $"'{child.FullName}' is a {Describe(kind)}, not a regular file; skipped.");
                    }
                }

                // Push in reverse so the smallest name is walked first.
                for (int i = subdirectories.Count - 1; i >= 0; i--)
                {
                    pending.Push(subdirectories[i]);
                }
            }
        }

        /// <summary>File.Exists is true for a dangling link on Unix, so ask stat (which follows links) or resolve the target.</summary>
        private static bool IsDanglingLink(ListedEntry entry, FileKind targetKind)
        {
            if (FileStatus.IsSupported)
            {
                return FileStatus.TryGet(entry.FullName, followLinks: true) == null;
            }

            FileSystemInfo link = new FileInfo(entry.FullName);

            if (targetKind != FileKind.Unknown)
            {
                return false;
            }

#if NET
            try
            {
                FileSystemInfo? target = link.ResolveLinkTarget(returnFinalTarget: true);
                return target == null || !target.Exists;
            }
            catch (IOException)
            {
                return true;
            }
#else
            return !System.IO.File.Exists(link.FullName) && !Directory.Exists(link.FullName);
#endif
        }

        /// <summary>A link stat cannot follow either points nowhere or is part of a loop (a → b → a); say which.</summary>
        private static IOException BrokenLinkError(string path)
        {
            try
            {
                RealPath.Resolve(path);
            }
            catch (SymbolicLinkLoopException)
            {
                return new SymbolicLinkLoopException(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }

            return new FileNotFoundException($"The symbolic link '{path}' points to '{LinkTargetOf(path)}', which does not exist.", path);
        }

        /// <summary>
        /// One directory's entries in ordinal name order, without materialising FileSystemInfo objects: the one
        /// directory listing of the module (this walk and the baseline scanner's). With <paramref name="withKinds"/>
        /// false only names are read, so on Unix no entry is stat'ed (the baseline scanner lstats each entry itself).
        /// </summary>
        internal static List<ListedEntry> ListDirectory(string directory, bool withKinds = true)
        {
            List<ListedEntry> entries;
#if NET
            var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0, ReturnSpecialDirectories = false };
            entries = new System.IO.Enumeration.FileSystemEnumerable<ListedEntry>(
                directory,
                (ref System.IO.Enumeration.FileSystemEntry entry) => new ListedEntry(
                    entry.FileName.ToString(),
                    entry.ToFullPath(),
                    withKinds && entry.IsDirectory,
                    withKinds && (entry.Attributes & FileAttributes.ReparsePoint) != 0),
                options).ToList();
#else
            entries = new DirectoryInfo(directory).EnumerateFileSystemInfos()
                .Select(info => new ListedEntry(
                    info.Name,
                    info.FullName,
                    (info.Attributes & FileAttributes.Directory) != 0,
                    (info.Attributes & FileAttributes.ReparsePoint) != 0))
                .ToList();
#endif
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return entries;
        }

        private static bool PassesFilter(FileWalkOptions options, string name) => options.FileNameFilter == null || options.FileNameFilter(name);

        private static FileKind KindOfListedFile(string path)
        {
            // Only Unix has pipes, sockets and devices among directory entries; there one lstat tells.
            if (!FileStatus.IsSupported)
            {
                return FileKind.RegularFile;
            }

            return FileStatus.TryGet(path, followLinks: false)?.Kind ?? FileKind.Unknown;
        }

        private static string DirectoryIdentity(string path)
        {
            FileStatus? status = FileStatus.TryGet(path, followLinks: true);
            if (status != null)
            {
                return status.Device + ":" + status.Inode;
            }

#if NET
            try
            {
                FileSystemInfo? target = new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true);
                if (target != null)
                {
                    return System.IO.Path.GetFullPath(target.FullName);
                }
            }
            catch (IOException)
            {
            }
#endif
            return System.IO.Path.GetFullPath(path);
        }

        private static string LinkTargetOf(string path)
        {
#if NET
            return new FileInfo(path).LinkTarget ?? "?";
#else
            return "?";
#endif
        }

        private static string Describe(FileKind kind) => kind switch
        {
            FileKind.NamedPipe => "named pipe",
            FileKind.CharacterDevice => "character device",
            FileKind.BlockDevice => "block device",
            FileKind.Socket => "socket",
            _ => "special file",
        };
    }
}
