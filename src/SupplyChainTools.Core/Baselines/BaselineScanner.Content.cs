using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Msi;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>Reading one file's content facts: hashes, signer block, version.</summary>
    public static partial class BaselineScanner
    {
        /// <summary>
        /// True for a file the verifier reads by its name: a PowerShell script (.ps1, .psm1, .psd1, .ps1xml, .psc1,
        /// .cdxml, .mof) or a catalog (.cat). PE files are recognised by content.
        /// </summary>
        internal static bool IsSignableByName(string path) =>
            ScriptSignatureParser.IsScriptFileType(path) || AuthenticodeVerifier.IsCatalogPath(path);

        /// <summary>How the verifier will read the file (the same routing as AuthenticodeVerifier.Verify), or null when it has no signature format.</summary>
        private static string? RouteOf(string path, byte[] head, int count)
        {
            if (IsSignableByName(path))
            {
                return Path.GetExtension(path).ToLowerInvariant();
            }

            if (count >= 8 && CompoundFile.HasSignature(head))
            {
                return AuthenticodeVerifier.MsiFileType;
            }

            if (count >= 4 && head[0] == 'M' && head[1] == 'S' && head[2] == 'C' && head[3] == 'F')
            {
                return AuthenticodeVerifier.CabFileType;
            }

            // A zip may be an APPX/MSIX package or bundle; the verifier reads its directory and leaves other zips unrecorded.
            if (count >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
            {
                return AuthenticodeVerifier.AppxFileType;
            }

            return count >= 2 && head[0] == 'M' && head[1] == 'Z' ? AuthenticodeVerifier.PeFileType : null;
        }

        /// <summary>
        /// Hashes the file, and for a signable file (PE, MSI, CAB, APPX/MSIX, script, catalog) verifies its signature and, for a PE file,
        /// reads its version. Files up to one chunk (1 MiB) are read once into a pooled buffer that serves all three;
        /// larger files are hashed as a stream (two pooled chunks) and the verifier and version reader read the parts
        /// they need again, so memory per worker stays at a few MiB whatever the file size (a script or catalog is
        /// read whole by the verifier, up to its size limit). The caller's stat after reading catches a file that
        /// changed between the reads.
        /// </summary>
        private static long Inspect(string full, BaselineEntry entry, BaselineScanOptions options, CancellationToken cancellationToken)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(FileHasher.ChunkSize);
            try
            {
                using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
                {
                    int count = ReadUpTo(stream, buffer, FileHasher.ChunkSize, cancellationToken);
                    string? route = RouteOf(full, buffer, count);
                    if (count < FileHasher.ChunkSize)
                    {
                        foreach (KeyValuePair<string, string> hash in MultiHash.HashAll(options.Algorithms, buffer, count))
                        {
                            entry.Hashes[hash.Key] = hash.Value;
                        }

                        if (route != null)
                        {
                            using (var view = new MemoryStream(buffer, 0, count, writable: false))
                            {
                                Describe(full, entry, view, route, options, cancellationToken);
                            }
                        }

                        return count;
                    }

                    FileIntegrity streamed = FileHasher.HashFile(full, options.Algorithms, false, cancellationToken);
                    foreach (string algorithm in options.Algorithms)
                    {
                        entry.Hashes[algorithm] = streamed.GetHash(algorithm)!;
                    }

                    if (route != null)
                    {
                        stream.Position = 0;
                        Describe(full, entry, stream, route, options, cancellationToken);
                    }

                    return streamed.Length;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static void Describe(string full, BaselineEntry entry, Stream content, string route, BaselineScanOptions options, CancellationToken cancellationToken)
        {
            bool isPe = route == AuthenticodeVerifier.PeFileType;
            if (options.Verifier != null)
            {
                // Identical bytes read the same way get the identical verdict: verify each distinct signed file once per scan.
                string? key = options.Cache.KeyOf(entry, options.Algorithms, route);
                if (key != null && options.Cache.TryGet(key, out BaselineSigner? known, out BaselineVersion? knownVersion))
                {
                    entry.Signer = known;
                    entry.Version = knownVersion;
                    return;
                }

                AuthenticodeSignature signature = options.Verifier.Verify(full, content, cancellationToken);
                if (signature.Status != AuthenticodeStatus.NotSupportedFileFormat)
                {
                    entry.Signer = new BaselineSigner(signature.Status, signature.FileType, signature.SignerSubject, signature.SignerThumbprint, signature.RootSubject, signature.RootThumbprint, signature.TimestampUtc);
                }

                if (isPe)
                {
                    content.Position = 0;
                    entry.Version = PeVersionInfo.TryRead(content);
                }

                if (key != null)
                {
                    options.Cache.Add(key, entry.Signer, entry.Version);
                }

                return;
            }

            if (isPe)
            {
                content.Position = 0;
                entry.Version = PeVersionInfo.TryRead(content);
            }
        }

        private static int ReadUpTo(Stream stream, byte[] buffer, int length, CancellationToken cancellationToken)
        {
            int filled = 0;
            while (filled < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = stream.Read(buffer, filled, Math.Min(length - filled, FileHasher.ChunkSize));
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return filled;
        }

        /// <summary>Fills in a current file entry's content facts (on a worker thread).</summary>
        internal static BaselinePair Complete(BaselinePair pair, BaselineScanOptions options, CancellationToken cancellationToken)
        {
            BaselineEntry? entry = pair.Current;
            if (entry == null || !entry.IsFile || entry.Error != null)
            {
                return pair;
            }

            if (CanReuse(pair, options))
            {
                entry.ReuseContentFrom(pair.Reference!);
                pair.Reused = true;
                return pair;
            }

            string full = Path.Combine(pair.CurrentRoot ?? string.Empty, entry.Path.Replace('/', Path.DirectorySeparatorChar));
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    pair.BytesRead += Inspect(full, entry, options, cancellationToken);
                }
                catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
                {
                    pair.Vanished = $"'{full}' was removed while the tree was being scanned; it is not recorded.";
                    pair.Current = null;
                    return pair;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    entry.Hashes.Clear();
                    entry.Error = "It could not be read: " + ex.Message;
                    return pair;
                }

                if (!FileStatus.IsSupported)
                {
                    return pair;
                }

                FileStatus? after = FileStatus.TryGet(full, followLinks: false);
                if (after == null)
                {
                    pair.Vanished = $"'{full}' was removed while the tree was being scanned; it is not recorded.";
                    pair.Current = null;
                    return pair;
                }

                if (after.Length == entry.Size && after.LastWriteTimeUtc == entry.LastWriteTimeUtc && after.ChangeTimeUtc == entry.ChangeTimeUtc && after.Inode == entry.Inode)
                {
                    return pair;
                }

                // It changed while it was read: take the new metadata and read it again, once.
                BaselineEntry fresh = Stat(entry.Tree, entry.Path, full, isDirectoryHint: false);
                if (attempt >= 1 || !fresh.IsFile)
                {
                    entry.Hashes.Clear();
                    entry.Signer = null;
                    entry.Version = null;
                    entry.Error = "It changed while it was being read; its content is not recorded.";
                    return pair;
                }

                entry.Size = fresh.Size;
                entry.Mode = fresh.Mode;
                entry.OwnerId = fresh.OwnerId;
                entry.GroupId = fresh.GroupId;
                entry.LastWriteTimeUtc = fresh.LastWriteTimeUtc;
                entry.ChangeTimeUtc = fresh.ChangeTimeUtc;
                entry.Device = fresh.Device;
                entry.Inode = fresh.Inode;
                entry.Hashes.Clear();
                entry.Signer = null;
                entry.Version = null;
            }
        }
    }
}
