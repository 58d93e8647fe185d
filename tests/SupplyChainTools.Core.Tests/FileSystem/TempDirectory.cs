using System;
using System.Diagnostics;
using System.IO;

namespace SupplyChainTools.Core.Tests
{
    /// <summary>A fresh directory under the system temp folder, deleted (links not followed) on Dispose.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sct-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(params string[] parts)
        {
            string result = Path;
            foreach (string part in parts)
            {
                result = System.IO.Path.Combine(result, part);
            }

            return result;
        }

        /// <summary>Writes a file (creating its folders) and returns its full path.</summary>
        public string WriteFile(string relativePath, byte[] content)
        {
            string full = Combine(relativePath.Split('/'));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
            return full;
        }

        public string WriteFile(string relativePath, string content) => WriteFile(relativePath, System.Text.Encoding.UTF8.GetBytes(content));

        public void Dispose()
        {
            try
            {
                // Directory.Delete does not follow symbolic links to directories; it removes the link itself.
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    internal static class Unix
    {
        /// <summary>Creates a FIFO with mkfifo(1). Linux only (callers gate on OperatingSystem.IsLinux()).</summary>
        public static void MakeFifo(string path)
        {
            var start = new ProcessStartInfo("mkfifo") { UseShellExecute = false, RedirectStandardError = true };
            start.ArgumentList.Add(path);
            using Process process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"mkfifo '{path}' failed ({process.ExitCode}): {error}");
            }
        }

        /// <summary>Unblocks anything stuck opening a FIFO for reading by opening it for writing, in the background.</summary>
        public static void ReleaseFifoReader(string path)
        {
            var thread = new System.Threading.Thread(() =>
            {
                try
                {
                    using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
                }
                catch (Exception)
                {
                }
            })
            { IsBackground = true };
            thread.Start();
        }
    }
}
