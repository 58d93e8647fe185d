using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.FileSystem;
#if NET
using Microsoft.Win32.SafeHandles;
#endif

namespace SupplyChainTools.Core.Hashing
{
    /// <summary>Thrown for a path that exists but is not a regular file (pipe, socket, device, directory).</summary>
    public sealed class NotARegularFileException : IOException
    {
        public NotARegularFileException(string path, FileKind kind)
            : this(path, kind, "only regular files are hashed")
        {
        }

        /// <summary><paramref name="consequence"/> completes the sentence: "'p' is a named pipe (...); {consequence}."</summary>
        public NotARegularFileException(string path, FileKind kind, string consequence)
            : base(Describe(path, kind) + "; " + consequence + ".")
        {
            Path = path;
            Kind = kind;
        }

        public string Path { get; }

        public FileKind Kind { get; }

        private static string Describe(string path, FileKind kind)
        {
            string what = kind switch
            {
                FileKind.Directory => "a directory",
                FileKind.NamedPipe => "a named pipe (reading it could block forever)",
                FileKind.CharacterDevice => "a character device (reading it might never end)",
                FileKind.BlockDevice => "a block device",
                FileKind.Socket => "a socket",
                _ => "not a regular file",
            };
            return $"'{path}' is {what}";
        }
    }

    /// <summary>Hashes one file with every requested algorithm from a single sequential read, in bounded memory.</summary>
    public static class FileHasher
    {
        /// <summary>Read size: large enough to amortise system calls, small enough to stay in cache.</summary>
        public const int ChunkSize = 1024 * 1024;

        /// <summary>
        /// Hashes <paramref name="path"/>. Files up to one chunk are read whole and hashed with one-shot APIs;
        /// larger ones are streamed, reading the next chunk while the current one is hashed.
        /// </summary>
        /// <param name="parallelAlgorithms">Hash each chunk with the algorithms on separate threads (for one large file on an idle machine).</param>
        public static FileIntegrity HashFile(string path, IReadOnlyList<string> algorithms, bool parallelAlgorithms = false, CancellationToken cancellationToken = default)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            // One stat gives the kind (a FIFO must not be opened), the time and the expected length, which saves
            // the descriptor-level stats and the final empty read for the many small files of an install tree.
            FileStatus? status = FileStatus.TryGet(path, followLinks: true);
            if (status == null)
            {
                EnsureRegularFile(path);
            }
            else if (status.Kind != FileKind.RegularFile)
            {
                throw new NotARegularFileException(path, status.Kind);
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
#if NET
                // The read-ahead hint costs a system call per file; it pays only for files read in several chunks.
                FileOptions hint = status != null && status.Length < ChunkSize ? FileOptions.None : FileOptions.SequentialScan;
                using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, hint);
                DateTime lastWrite = status?.LastWriteTimeUtc ?? File.GetLastWriteTimeUtc(handle);
                int expected = status != null && status.Length > 0 && status.Length < ChunkSize ? (int)status.Length : 0;
                int filled = ReadFully(handle, 0, buffer, expected, cancellationToken);
                if (filled < ChunkSize)
                {
                    return new FileIntegrity(path, filled, lastWrite, MultiHash.HashAll(algorithms, buffer, filled), algorithms);
                }

                using var multi = new MultiHash(algorithms);
                long offset = filled;
                int count = filled;
                while (count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    multi.Append(buffer, 0, count, parallelAlgorithms);
                    count = ReadFully(handle, offset, buffer, 0, cancellationToken);
                    offset += count;
                }

                return new FileIntegrity(path, offset, lastWrite, multi.Finish(), algorithms);
#else
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
                {
                    DateTime lastWrite = File.GetLastWriteTimeUtc(path);
                    int filled = ReadFully(stream, buffer, cancellationToken);
                    if (filled < ChunkSize)
                    {
                        return new FileIntegrity(path, filled, lastWrite, MultiHash.HashAll(algorithms, buffer, filled), algorithms);
                    }

                    using (var multi = new MultiHash(algorithms))
                    {
                        long total = 0;
                        int count = filled;
                        while (count > 0)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            multi.Append(buffer, 0, count, parallelAlgorithms);
                            total += count;
                            count = ReadFully(stream, buffer, cancellationToken);
                        }

                        return new FileIntegrity(path, total, lastWrite, multi.Finish(), algorithms);
                    }
                }
#endif
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>
        /// Throws <see cref="NotARegularFileException"/> for a pipe, socket, device or directory: opening a FIFO
        /// blocks until a writer appears, and a device such as /dev/zero never ends.
        /// </summary>
        public static void EnsureRegularFile(string path)
        {
            FileKind kind = FileStatus.GetKindFollowingLinks(path);
            if (kind != FileKind.RegularFile && kind != FileKind.Unknown)
            {
                throw new NotARegularFileException(path, kind);
            }
        }

#if NET
        /// <summary>Fills the buffer from <paramref name="offset"/>; stops early at <paramref name="expected"/> bytes when that is known (non-zero).</summary>
        private static int ReadFully(SafeFileHandle handle, long offset, byte[] buffer, int expected, CancellationToken cancellationToken)
        {
            int filled = 0;
            while (filled < ChunkSize && (expected == 0 || filled < expected))
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = RandomAccess.Read(handle, new Span<byte>(buffer, filled, ChunkSize - filled), offset + filled);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return filled;
        }
#else
        private static int ReadFully(Stream stream, byte[] buffer, CancellationToken cancellationToken)
        {
            int filled = 0;
            while (filled < ChunkSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = stream.Read(buffer, filled, ChunkSize - filled);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return filled;
        }
#endif
    }
}
