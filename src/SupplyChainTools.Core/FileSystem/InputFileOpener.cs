using System;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.FileSystem
{
    /// <summary>What a single input file is for: decides how large it may be and how messages name it.</summary>
    public enum InputKind
    {
        CertificateBundle,
        RevocationList,
        Catalog,
        Baseline,
        BaselineSignature,
        ChecksumManifest,
        DependencyManifest,
        AdvisoryRecord,
        AdvisoryArchive,
        IndicatorFile,
        NuGetConfig,
        SuppressionFile,
        DetachedSignature,
        TrustedKey,
        SignedArtifact,
        SignedChecksumManifest,
        InventoryEvidence,
        SbomManifest,
    }

    /// <summary>
    /// The one way to open a file the user names as a single input (a catalog, a CRL, a baseline...). A named
    /// pipe would block the open forever and a device such as /dev/zero never ends, so the path's type is checked
    /// before it is opened (regular files only), the opened handle is checked again (same file, still regular),
    /// what is read is bounded by what the kind of input can be, and every read honours the cancellation token.
    /// </summary>
    public static class InputFileOpener
    {
        /// <summary>The most bytes a file of <paramref name="kind"/> may hold; null for inputs read as a stream of lines.</summary>
        public static long? MaximumLength(InputKind kind) => kind switch
        {
            InputKind.CertificateBundle => 64L * 1024 * 1024,
            InputKind.RevocationList => 256L * 1024 * 1024,
            InputKind.Catalog => 256L * 1024 * 1024, // CatalogFile.MaximumFileSize
            InputKind.BaselineSignature => 1024 * 1024,
            InputKind.DependencyManifest => 64L * 1024 * 1024,
            InputKind.AdvisoryRecord => 16L * 1024 * 1024,
            InputKind.AdvisoryArchive => 1024L * 1024 * 1024, // osv-scanner's largest all.zip (npm) is a fraction of this
            InputKind.IndicatorFile => 256L * 1024 * 1024,
            InputKind.NuGetConfig => 16L * 1024 * 1024,
            InputKind.SuppressionFile => 4L * 1024 * 1024,
            InputKind.DetachedSignature => 1024 * 1024,
            InputKind.TrustedKey => 16L * 1024 * 1024,
            InputKind.SignedChecksumManifest => 64L * 1024 * 1024,
            InputKind.InventoryEvidence => 64L * 1024 * 1024, // a dpkg status or package-lock.json; far above any real one
            InputKind.SbomManifest => 256L * 1024 * 1024,
            _ => null,
        };

        /// <summary>How a message names an input of this kind ("the catalog file").</summary>
        public static string Describe(InputKind kind) => kind switch
        {
            InputKind.CertificateBundle => "certificate file",
            InputKind.RevocationList => "CRL file",
            InputKind.Catalog => "catalog file",
            InputKind.Baseline => "baseline",
            InputKind.BaselineSignature => "baseline signature file",
            InputKind.DependencyManifest => "dependency file",
            InputKind.AdvisoryRecord => "OSV record",
            InputKind.AdvisoryArchive => "OSV archive",
            InputKind.IndicatorFile => "indicator file",
            InputKind.NuGetConfig => "nuget.config file",
            InputKind.SuppressionFile => "suppression file",
            InputKind.DetachedSignature => "signature file",
            InputKind.TrustedKey => "trusted key file",
            InputKind.SignedArtifact => "signed file",
            InputKind.SignedChecksumManifest => "signed checksum file",
            InputKind.InventoryEvidence => "package evidence file",
            InputKind.SbomManifest => "SBOM manifest",
            _ => "checksum file",
        };

        /// <summary>
        /// Throws, without opening it, unless <paramref name="path"/> is an existing regular file (following links):
        /// <see cref="FileNotFoundException"/>, or <see cref="NotARegularFileException"/> for a directory, pipe,
        /// socket or device. Returns what stat said, or null where the platform cannot tell.
        /// </summary>
        public static FileStatus? EnsureRegularFile(string path, InputKind kind)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            FileStatus? status = FileStatus.TryGet(path, followLinks: true);
            FileKind fileKind = status?.Kind ?? FileStatus.GetKindFollowingLinks(path);
            if (fileKind == FileKind.Unknown && !File.Exists(path))
            {
                throw new FileNotFoundException($"The {Describe(kind)} '{path}' does not exist.", path);
            }

            if (fileKind != FileKind.RegularFile && fileKind != FileKind.Unknown)
            {
                throw new NotARegularFileException(path, fileKind, $"the {Describe(kind)} must be a regular file, so it was not opened");
            }

            return status;
        }

        /// <summary>Opens the file for reading: checked, bounded and cancellable (see the class summary). The caller disposes the stream.</summary>
        public static Stream Open(string path, InputKind kind, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string full = Path.GetFullPath(path);
            FileStatus? before = EnsureRegularFile(full, kind);
            FileStream stream;
            try
            {
                stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new FileNotFoundException($"The {Describe(kind)} '{full}' does not exist.", full, ex);
            }
            catch (UnauthorizedAccessException) when (Directory.Exists(full))
            {
                // .NET reports opening a directory as access denied; say what it is.
                throw new NotARegularFileException(full, FileKind.Directory, $"the {Describe(kind)} must be a regular file, so it was not opened");
            }

            try
            {
                EnsureSameRegularFile(stream, full, kind, before);
                long? limit = MaximumLength(kind);
                if (limit != null && stream.Length > limit.Value)
                {
                    throw new InputFileTooLargeException(full, Describe(kind), limit.Value, stream.Length);
                }

                return new BoundedInputStream(stream, full, kind, cancellationToken);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>The whole file, read in chunks (cancellable) and never more than the kind's maximum.</summary>
        public static byte[] ReadAllBytes(string path, InputKind kind, CancellationToken cancellationToken = default)
        {
            using (Stream stream = Open(path, kind, cancellationToken))
            using (var content = new MemoryStream())
            {
                stream.CopyTo(content, 81920);
                return content.ToArray();
            }
        }

        /// <summary>The file was checked by path; make sure the handle is that same regular file (not swapped for a pipe or device in between).</summary>
        private static void EnsureSameRegularFile(FileStream stream, string path, InputKind kind, FileStatus? before)
        {
            FileStatus? opened = FileStatus.TryGet(stream.SafeFileHandle);
            if (opened == null)
            {
                return;
            }

            if (opened.Kind != FileKind.RegularFile)
            {
                throw new NotARegularFileException(path, opened.Kind, $"the {Describe(kind)} must be a regular file, so it was not read");
            }

            if (before != null && (before.Device != opened.Device || before.Inode != opened.Inode))
            {
                throw new IOException($"The {Describe(kind)} '{path}' was replaced while it was being opened; run the command again.");
            }
        }
    }

    /// <summary>Thrown when an input file is larger than what its kind can be (a certificate bundle of gigabytes, a device that never ends).</summary>
    public sealed class InputFileTooLargeException : IOException
    {
        public InputFileTooLargeException(string path, string description, long limit, long? length)
            : base(length == null
                ? $"The {description} '{path}' holds more than {limit:N0} bytes, more than a {description} can be; it was not read further. Check that the path names the intended file."
                : $"The {description} '{path}' is {length.Value:N0} bytes, more than the {limit:N0} a {description} can be; it was not read. Check that the path names the intended file.")
        {
            Path = path;
            Limit = limit;
        }

        public string Path { get; }

        /// <summary>The limit that was exceeded, in bytes.</summary>
        public long Limit { get; }
    }
}
