using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Inspection
{
    /// <summary>A file's hashes and, when asked, its signature verdict.</summary>
    public sealed class FileInspection
    {
        public FileInspection(FileIntegrity integrity, AuthenticodeSignature? signature)
        {
            Integrity = integrity;
            Signature = signature;
        }

        public FileIntegrity Integrity { get; }
        public AuthenticodeSignature? Signature { get; }
    }

    /// <summary>
    /// Hashes a file and verifies its signature from one read: files up to <see cref="WholeFileLimit"/> are read
    /// into memory once and both the hashes and the verifier work on those bytes (no second read, no window for
    /// the file to change between the two). Larger files are hashed as a stream and the verifier reads them again.
    /// </summary>
    public static class FileInspector
    {
        /// <summary>Files up to this size are read once into memory (per worker, so memory stays bounded).</summary>
        public const int WholeFileLimit = 64 * 1024 * 1024;

        public static FileInspection Inspect(string path, IReadOnlyList<string> algorithms, AuthenticodeVerifier verifier, CancellationToken cancellationToken)
        {
            FileHasher.EnsureRegularFile(path);

            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                DateTime lastWrite = File.GetLastWriteTimeUtc(path);
                long length = stream.Length;
                if (length <= WholeFileLimit)
                {
                    byte[] content = ReadExactly(stream, (int)length, cancellationToken);
                    var integrity = new FileIntegrity(path, content.Length, lastWrite, MultiHash.HashAll(algorithms, content, content.Length), algorithms);
                    using (var view = new MemoryStream(content, 0, content.Length, writable: false))
                    {
                        return new FileInspection(integrity, verifier.Verify(path, view, cancellationToken));
                    }
                }

                FileIntegrity streamed = FileHasher.HashFile(path, algorithms, false, cancellationToken);
                stream.Position = 0;
                return new FileInspection(streamed, verifier.Verify(path, stream, cancellationToken));
            }
        }

        private static byte[] ReadExactly(Stream stream, int length, CancellationToken cancellationToken)
        {
            byte[] buffer = new byte[length];
            int filled = 0;
            while (filled < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = stream.Read(buffer, filled, Math.Min(length - filled, FileHasher.ChunkSize));
                if (read == 0)
                {
                    // The file shrank while being read: hash and verify what is there.
                    Array.Resize(ref buffer, filled);
                    break;
                }

                filled += read;
            }

            return buffer;
        }
    }
}
