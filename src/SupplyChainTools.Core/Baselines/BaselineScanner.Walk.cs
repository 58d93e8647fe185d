using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>The walk: entries of a tree in canonical order, with their metadata from lstat.</summary>
    public static partial class BaselineScanner
    {
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
                List<ListedEntry> children;
                string? listingError = null;
                try
                {
                    children = FileWalker.ListDirectory(full, withKinds: false);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
                {
                    children = new List<ListedEntry>();
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
                foreach (ListedEntry child in children)
                {
                    string name = child.Name;
                    string childFull = child.FullName;
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
    }
}
