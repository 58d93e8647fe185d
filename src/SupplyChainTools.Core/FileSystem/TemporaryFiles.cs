using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
#if NET
using System.Runtime.InteropServices;
#endif

namespace SupplyChainTools.Core.FileSystem
{
    /// <summary>
    /// The one registry of the temporary files this process writes beside a target before renaming them into
    /// place. A temporary file is named <c>.&lt;target name&gt;.tmp-&lt;process id&gt;-&lt;8 hex&gt;</c>, so a later
    /// run can tell a leftover of a killed process (its id no longer runs) from a file another run is writing.
    /// Registered files are deleted when the process exits by any path it can catch: an exception or a stopped
    /// pipeline (the writer's Dispose), process exit, and SIGTERM or SIGHUP (a service manager's stop, a closed
    /// terminal), which end a process without unwinding its threads.
    /// </summary>
    public static class TemporaryFiles
    {
        private const string Marker = ".tmp-";
        private const int RandomHexLength = 8;
        private static readonly object Gate = new object();
        private static readonly HashSet<string> Live = new HashSet<string>(StringComparer.Ordinal);
        private static readonly int CurrentProcessId = GetCurrentProcessId();
        private static bool _hooked;
#if NET
        private static PosixSignalRegistration[]? _signals;
#endif

        /// <summary>What every temporary file for <paramref name="targetFileName"/> begins with, ours or not.</summary>
        public static string NamePrefix(string targetFileName) => "." + targetFileName + Marker;

        /// <summary>True when <paramref name="candidateName"/> is (or looks like) a temporary file for the target name.</summary>
        public static bool IsTemporaryNameOf(string targetFileName, string candidateName) =>
            candidateName.StartsWith(NamePrefix(targetFileName), StringComparison.Ordinal);

        /// <summary>Creates a new, registered temporary file beside <paramref name="targetPath"/>, open for writing.</summary>
        public static FileStream Create(string targetPath, out string temporaryPath)
        {
            EnsureExitHooks();
            string target = Path.GetFullPath(targetPath);
            string folder = Path.GetDirectoryName(target) ?? ".";
            temporaryPath = Path.Combine(folder, NamePrefix(Path.GetFileName(target)) + CurrentProcessId.ToString(CultureInfo.InvariantCulture) + "-" + RandomHex());
            lock (Gate)
            {
                // FileShare.Delete: an exit handler on another thread can delete the file while it is being written.
                var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.Delete, 1 << 16);
                Live.Add(temporaryPath);
                return stream;
            }
        }

        /// <summary>Renames a closed temporary file over <paramref name="targetPath"/>; on failure the temporary file is deleted.</summary>
        public static void MoveIntoPlace(string temporaryPath, string targetPath)
        {
            try
            {
                lock (Gate)
                {
#if NET
                    File.Move(temporaryPath, targetPath, overwrite: true);
#else
                    if (File.Exists(targetPath))
                    {
                        File.Replace(temporaryPath, targetPath, null);
                    }
                    else
                    {
                        File.Move(temporaryPath, targetPath);
                    }
#endif
                    Live.Remove(temporaryPath);
                }
            }
            catch
            {
                Discard(temporaryPath);
                throw;
            }
        }

        /// <summary>Deletes a temporary file (if it is still there) and forgets it.</summary>
        public static void Discard(string temporaryPath)
        {
            lock (Gate)
            {
                TryDelete(temporaryPath);
                Live.Remove(temporaryPath);
            }
        }

        /// <summary>
        /// Deletes the temporary files for <paramref name="targetPath"/> left by processes that no longer run (a run
        /// killed with SIGKILL, a power cut) and returns a sentence for each one that looks like ours but is left in
        /// place: another running process is writing it, it is not named as this module names its files, or it
        /// cannot be deleted.
        /// </summary>
        public static IReadOnlyList<string> RemoveStale(string targetPath)
        {
            var leftInPlace = new List<string>();
            string target = Path.GetFullPath(targetPath);
            string folder = Path.GetDirectoryName(target) ?? ".";
            string prefix = NamePrefix(Path.GetFileName(target));
            IEnumerable<string> candidates;
            try
            {
                candidates = Directory.GetFiles(folder, prefix + "*");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return leftInPlace;
            }

            foreach (string candidate in candidates)
            {
                string name = Path.GetFileName(candidate);
                if (!IsTemporaryNameOf(Path.GetFileName(target), name))
                {
                    continue;
                }

                int owner = OwnerOf(name.Substring(prefix.Length));
                if (owner < 0)
                {
                    leftInPlace.Add($"'{candidate}' looks like a temporary file of '{target}' but is not named as SupplyChainTools names its own; it was left in place. Delete it if no other program is writing '{target}'.");
                    continue;
                }

                lock (Gate)
                {
                    if (Live.Contains(candidate))
                    {
                        continue;
                    }

                    if (owner != CurrentProcessId && IsRunning(owner))
                    {
                        leftInPlace.Add($"'{candidate}' is a temporary file of '{target}' that process {owner} is writing; it was left in place.");
                        continue;
                    }

                    if (!TryDelete(candidate))
                    {
                        leftInPlace.Add($"'{candidate}' is a temporary file a killed run left of '{target}', and it could not be deleted; delete it by hand.");
                    }
                }
            }

            return leftInPlace;
        }

        /// <summary>Deletes every registered temporary file (the exit and signal handlers).</summary>
        internal static void DeleteAll()
        {
            lock (Gate)
            {
                foreach (string path in Live)
                {
                    TryDelete(path);
                }

                Live.Clear();
            }
        }

        /// <summary>The process id in "&lt;pid&gt;-&lt;8 hex&gt;", or -1 when the rest of the name is not exactly that.</summary>
        private static int OwnerOf(string suffix)
        {
            int dash = suffix.IndexOf('-');
            if (dash <= 0 || dash > 10 || suffix.Length != dash + 1 + RandomHexLength)
            {
                return -1;
            }

            for (int i = 0; i < suffix.Length; i++)
            {
                char c = suffix[i];
                bool valid = i < dash ? c >= '0' && c <= '9' : i == dash || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                if (!valid)
                {
                    return -1;
                }
            }

            return int.TryParse(suffix.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? pid : -1;
        }

        private static bool IsRunning(int processId)
        {
            try
            {
                using (Process process = Process.GetProcessById(processId))
                {
                    return !process.HasExited;
                }
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // It exists but we may not look at it: not ours to delete.
                return true;
            }
        }

        private static bool TryDelete(string path)
        {
            try
            {
                File.Delete(path);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static string RandomHex()
        {
            byte[] bytes = new byte[RandomHexLength / 2];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }

            return Hashing.HexConverter.ToUpperHex(bytes).ToLowerInvariant();
        }

        private static int GetCurrentProcessId()
        {
#if NET
            return Environment.ProcessId;
#else
            using (Process process = Process.GetCurrentProcess())
            {
                return process.Id;
            }
#endif
        }

        private static void EnsureExitHooks()
        {
            lock (Gate)
            {
                if (_hooked)
                {
                    return;
                }

                _hooked = true;
            }

            AppDomain.CurrentDomain.ProcessExit += (sender, e) => DeleteAll();
#if NET
            if (!OperatingSystem.IsWindows())
            {
                // The handlers do not cancel the signal: the process still ends as it would have, without the files.
                _signals = new[]
                {
                    PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => DeleteAll()),
                    PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => DeleteAll()),
                };
            }
#endif
        }
    }
}
