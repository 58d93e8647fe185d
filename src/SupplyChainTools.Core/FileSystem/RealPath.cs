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
        /// Throws <see cref="SymbolicLinkLoopException"/> (an <see cref="IOException"/>) on a link loop.
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
                    throw new SymbolicLinkLoopException(path);
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
            return WindowsFinalPath.Resolve(full);
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

#if !NET
        /// <summary>
        /// .NET Framework runs on Windows only and has no link-target API: ask Windows for the final path of the
        /// deepest existing ancestor (it resolves symbolic links and junctions) and keep the rest as written.
        /// </summary>
        private static class WindowsFinalPath
        {
            private const uint FileFlagBackupSemantics = 0x02000000;
            private const uint OpenExisting = 3;
            private const uint ShareAll = 0x7;

            public static string Resolve(string full)
            {
                string existing = full;
                string tail = string.Empty;
                while (!File.Exists(existing) && !Directory.Exists(existing))
                {
                    string? parent = Path.GetDirectoryName(existing);
                    if (string.IsNullOrEmpty(parent))
                    {
                        return full;
                    }

                    tail = tail.Length == 0 ? Path.GetFileName(existing) : Path.Combine(Path.GetFileName(existing), tail);
                    existing = parent!;
                }

                string? final = FinalPathOf(existing);
                if (final == null)
                {
                    return full;
                }

                return tail.Length == 0 ? final : Path.Combine(final, tail);
            }

            private static string? FinalPathOf(string path)
            {
                using (Microsoft.Win32.SafeHandles.SafeFileHandle handle = CreateFileW(path, 0, ShareAll, IntPtr.Zero, OpenExisting, FileFlagBackupSemantics, IntPtr.Zero))
                {
                    if (handle.IsInvalid)
                    {
                        return null;
                    }

                    var buffer = new System.Text.StringBuilder(1024);
                    uint length = GetFinalPathNameByHandleW(handle, buffer, (uint)buffer.Capacity, 0);
                    if (length == 0 || length >= buffer.Capacity)
                    {
                        return null;
                    }

                    string result = buffer.ToString();
                    if (result.StartsWith(@"\\?\UNC\", StringComparison.Ordinal))
                    {
                        return @"\\" + result.Substring(8);
                    }

                    return result.StartsWith(@"\\?\", StringComparison.Ordinal) ? result.Substring(4) : result;
                }
            }

            [System.Runtime.InteropServices.DllImport("kernel32.dll", CharSet = System.Runtime.InteropServices.CharSet.Unicode, SetLastError = true)]
            private static extern Microsoft.Win32.SafeHandles.SafeFileHandle CreateFileW(string fileName, uint access, uint share, IntPtr security, uint creation, uint flags, IntPtr template);

            [System.Runtime.InteropServices.DllImport("kernel32.dll", CharSet = System.Runtime.InteropServices.CharSet.Unicode, SetLastError = true)]
            private static extern uint GetFinalPathNameByHandleW(Microsoft.Win32.SafeHandles.SafeFileHandle file, System.Text.StringBuilder path, uint length, uint flags);
        }
#endif

        private static string[] Split(string relative)
        {
            return relative.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
