using System.IO;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Checksums
{
    /// <summary>
    /// Every guard that keeps a manifest entry inside its base folder: by its text (absolute, a drive, '..') before
    /// the entry is accepted, and by where it really leads (a symbolic link out of the folder) before it is read.
    /// </summary>
    public static class ChecksumEntryPath
    {
        /// <summary>
        /// Why a manifest entry must not be read, or null when it is a plain relative path inside the manifest's folder.
        /// Both separators count on every OS, so a manifest written on Windows cannot climb out on Linux either.
        /// </summary>
        public static string? Check(string entryPath)
        {
            if (entryPath.Length == 0)
            {
                return "the file name is empty";
            }

            if (entryPath.IndexOf('\0') >= 0)
            {
                return "the file name contains a NUL character";
            }

            if (entryPath[0] == '/' || entryPath[0] == '\\')
            {
                return "it is an absolute path";
            }

            if (entryPath.Length >= 2 && entryPath[1] == ':' && char.IsLetter(entryPath[0]))
            {
                return "it names a drive";
            }

            foreach (string segment in entryPath.Split('/', '\\'))
            {
                if (segment == "..")
                {
                    return "it climbs out of the manifest's folder with '..'";
                }
            }

            return null;
        }

        /// <summary>The full path an entry refers to, relative to <paramref name="baseDirectory"/>. Call only after <see cref="Check"/> passed.</summary>
        public static string Resolve(string baseDirectory, string entryPath, bool backslashIsLiteral = false)
        {
            // A GNU-escaped name was written by a tool that saw a backslash in the name itself: on Unix it is part
            // of the file name. Otherwise a backslash is a Windows separator.
            bool keepBackslash = backslashIsLiteral && Path.DirectorySeparatorChar == '/';
            string relative = keepBackslash ? entryPath : entryPath.Replace('\\', '/');
            if (Path.DirectorySeparatorChar != '/')
            {
                relative = relative.Replace('/', Path.DirectorySeparatorChar);
            }

            return Path.GetFullPath(Path.Combine(baseDirectory, relative));
        }

        /// <summary>
        /// Why an entry that passed <see cref="Check"/> still leads outside <paramref name="realBase"/> (the base
        /// folder, resolved with <see cref="RealPath.Resolve"/>) through a symbolic link, or null.
        /// </summary>
        public static string? CheckStaysInside(string realBase, string target)
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
