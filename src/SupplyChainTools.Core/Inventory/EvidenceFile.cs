using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>An evidence file met by the inventory walk, and the one guarded way to read it (InputFileOpener, bounded).</summary>
    public sealed class EvidenceFile
    {
        /// <summary>JSON evidence nests a few levels; 64 is far above any real deps.json or lock file.</summary>
        private const int MaximumJsonDepth = 64;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

        public EvidenceFile(string fullPath, string systemRoot)
        {
            FullPath = fullPath;
            Name = Path.GetFileName(fullPath);
            Directory = Path.GetDirectoryName(fullPath) ?? string.Empty;
            SystemRoot = systemRoot;
        }

        public string FullPath { get; }

        public string Name { get; }

        /// <summary>The folder holding the file.</summary>
        public string Directory { get; }

        /// <summary>The root that package databases' paths are relative to ("/" for /var/lib/dpkg/status on a live system).</summary>
        public string SystemRoot { get; }

        /// <summary>The file's bytes, through <see cref="InputFileOpener"/> (regular files only, at most 64 MB, cancellable).</summary>
        public byte[] ReadBytes(CancellationToken cancellationToken) => ReadBytes(FullPath, cancellationToken);

        public static byte[] ReadBytes(string path, CancellationToken cancellationToken) =>
            InputFileOpener.ReadAllBytes(path, InputKind.InventoryEvidence, cancellationToken);

        /// <summary>
        /// The file read (as text, by <see cref="ReadText(CancellationToken)"/>) by the dependency audit's parser of its
        /// format, so each format has one parser; its format error, which names the line, becomes this file's evidence error.
        /// </summary>
        internal T ReadWithDependencyParser<T>(Func<DependencyText, T> parse, string format, CancellationToken cancellationToken)
        {
            var text = new DependencyText(new DependencyFile(FullPath, Name), ReadText(cancellationToken));
            try
            {
                return parse(text);
            }
            catch (DependencyFileFormatException ex)
            {
                string prefix = FullPath + (ex.Line.HasValue ? ":" + ex.Line : string.Empty) + ": ";
                string problem = ex.Message.StartsWith(prefix, StringComparison.Ordinal) ? ex.Message.Substring(prefix.Length) : ex.Message;
                throw new InventoryEvidenceException(FullPath, ex.Line, "it is not " + format + ": " + problem.TrimEnd('.'), ex);
            }
        }

        /// <summary>The file's text: UTF-8 unless a byte-order mark says otherwise; a NUL byte means it is not text.</summary>
        public string ReadText(CancellationToken cancellationToken) => ReadText(FullPath, cancellationToken);

        public static string ReadText(string path, CancellationToken cancellationToken)
        {
            byte[] bytes = ReadBytes(path, cancellationToken);
            if (Array.IndexOf(bytes, (byte)0) >= 0 && !(bytes.Length >= 2 && (bytes[0] == 0xFF || bytes[0] == 0xFE)))
            {
                throw new InventoryEvidenceException(path, null, "it holds binary data (a NUL byte), not text");
            }

            using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        /// <summary>The file parsed as JSON (comments and trailing commas allowed, depth bounded); malformed JSON is one error naming the line.</summary>
        public JsonDocument ReadJson(CancellationToken cancellationToken) => ReadJson(FullPath, cancellationToken);

        public static JsonDocument ReadJson(string path, CancellationToken cancellationToken)
        {
            byte[] bytes = ReadBytes(path, cancellationToken);
            int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            try
            {
                // JsonDocument checks UTF-8 only when a string is read; check it once here, so a bad byte is this error and not a crash later.
                StrictUtf8.GetCharCount(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException ex)
            {
                throw new InventoryEvidenceException(path, null, "it is not UTF-8 text", ex);
            }

            try
            {
                return JsonDocument.Parse(new ReadOnlyMemory<byte>(bytes, start, bytes.Length - start), new JsonDocumentOptions
                {
                    AllowTrailingCommas = true,
                    CommentHandling = JsonCommentHandling.Skip,
                    MaxDepth = MaximumJsonDepth,
                });
            }
            catch (JsonException ex)
            {
                int? line = ex.LineNumber == null ? null : (int)ex.LineNumber.Value + 1;
                throw new InventoryEvidenceException(path, line, "it is not valid JSON (" + FirstSentence(ex.Message) + ")", ex);
            }
        }

        private static string FirstSentence(string message)
        {
            int end = message.IndexOf(". ", StringComparison.Ordinal);
            return (end > 0 ? message.Substring(0, end) : message).TrimEnd('.');
        }
    }

    /// <summary>Evidence that could not be read: one error naming the file (and line); the inventory goes on.</summary>
    public sealed class InventoryEvidenceException : Exception
    {
        public InventoryEvidenceException(string path, int? line, string problem, Exception? inner = null)
            : base($"The package evidence file '{path}'{(line == null ? string.Empty : " (line " + line + ")")} was not used: {problem}.", inner)
        {
            Path = path;
            Line = line;
        }

        public string Path { get; }

        public int? Line { get; }
    }
}
