using System;
using System.IO;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>A file met by the dependency audit: where it is, and the one guarded way to read it.</summary>
    public sealed class DependencyFile
    {
        public DependencyFile(string fullPath, string relativePath)
        {
            FullPath = fullPath;
            RelativePath = relativePath.Replace('\\', '/');
            Name = Path.GetFileName(fullPath);
        }

        /// <summary>Full path, as findings report it.</summary>
        public string FullPath { get; }

        /// <summary>The path below the audited folder, with '/' separators (".github/workflows/ci.yml").</summary>
        public string RelativePath { get; }

        /// <summary>The file name alone.</summary>
        public string Name { get; }

        /// <summary>
        /// The file's text, opened through <see cref="InputFileOpener"/> (regular files only, bounded, cancellable);
        /// UTF-8 unless a byte-order mark says otherwise.
        /// </summary>
        public string ReadText(CancellationToken cancellationToken)
        {
            byte[] bytes = InputFileOpener.ReadAllBytes(FullPath, InputKind.DependencyManifest, cancellationToken);
            using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        /// <summary>The file opened for reading through <see cref="InputFileOpener"/>.</summary>
        public Stream Open(CancellationToken cancellationToken) => InputFileOpener.Open(FullPath, InputKind.DependencyManifest, cancellationToken);
    }

    /// <summary>A dependency file that could not be parsed: one error naming the file and line; the audit goes on.</summary>
    public sealed class DependencyFileFormatException : Exception
    {
        public DependencyFileFormatException(string path, int? line, string message, Exception? inner = null)
            : base(message, inner)
        {
            Path = path;
            Line = line;
        }

        public string Path { get; }

        public int? Line { get; }
    }
}
