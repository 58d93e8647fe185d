using System;
using System.Collections.Generic;
using System.IO;

namespace SupplyChainTools.Core.FileSystem
{
    /// <summary>
    /// Resolves symbolic links in every component of a path, so a check that a path stays inside a folder
    /// cannot be escaped by a link inside that folder (m/etc -> /etc, then the entry "etc/passwd").
    /// </summary>
    public static class RealPath
    {
        private const int MaximumLinkHops = 40;

        /// <summary>
        /// The path with every symbolic link resolved; components that do not exist are kept as written.
        /// Throws <see cref="IOException"/> on a link loop.
        /// </summary>
        public static string Resolve(string path)
        {
            string full = Path.GetFullPath(path);
#if NET
            string root = Path.GetPathRoot(full) ?? string.Empty;
            var remaining = new LinkedList<string>(Split(full.Substring(root.Length)));
            string current = root;
            int hops = 0;
            while (remaining.Count > 0)
            {
                string part = remaining.First!.Value;
                remaining.RemoveFirst();
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    current = Path.GetDirectoryName(current) ?? root;
                    continue;
                }

                string next = Path.Combine(current, part);
                string? target = null;
                try
                {
                    target = new FileInfo(next).LinkTarget;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                }

                if (target == null)
                {
                    current = next;
                    continue;
                }

                if (++hops > MaximumLinkHops)
                {
                    throw new IOException($"Too many levels of symbolic links resolving '{path}'.");
                }

                string absoluteTarget = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                string targetRoot = Path.GetPathRoot(absoluteTarget) ?? root;
                string[] targetParts = Split(absoluteTarget.Substring(targetRoot.Length));
                for (int i = targetParts.Length - 1; i >= 0; i--)
                {
                    remaining.AddFirst(targetParts[i]);
                }

                current = targetRoot;
            }

            return current;
#else
            return full;
#endif
        }

        /// <summary>True when <paramref name="candidate"/> is <paramref name="folder"/> itself or below it (both already resolved).</summary>
        public static bool IsInside(string folder, string candidate)
        {
            StringComparison comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            string trimmedFolder = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (string.Equals(trimmedFolder, candidate.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), comparison))
            {
                return true;
            }

            return candidate.StartsWith(trimmedFolder + Path.DirectorySeparatorChar, comparison)
                || (trimmedFolder.Length == 0 || trimmedFolder.EndsWith(":", StringComparison.Ordinal)) && candidate.StartsWith(trimmedFolder, comparison);
        }

        private static string[] Split(string relative)
        {
            return relative.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
