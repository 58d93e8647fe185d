using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Checksums
{
    /// <summary>
    /// Reads checksum manifests in the forms publishers ship: GNU coreutils (<c>hash  name</c>, <c>hash *name</c>,
    /// backslash-escaped names), BSD tags (<c>SHA256 (name) = hash</c>, algorithms mixed), and a bare-hash sidecar
    /// (<c>tool.zip.sha256</c> holding only the hash). LF or CRLF, any hex case. Every line that cannot be used is
    /// reported with its number; entries that would leave the manifest's folder are refused.
    /// </summary>
    public static class ChecksumManifestParser
    {
        /// <summary>Manifests larger than this are refused: real ones are kilobytes, and the file is untrusted.</summary>
        public const long MaximumManifestBytes = 64L * 1024 * 1024;

        /// <summary>A longer line is rejected as invalid rather than buffered.</summary>
        public const int MaximumLineLength = 32 * 1024;

        private static readonly Regex BsdLine = new Regex(
            @"^(?<alg>[A-Za-z][A-Za-z0-9\-_/]{0,31}) ?\((?<name>.*)\) ?= ?(?<hash>[0-9A-Fa-f]+)$",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
            TimeSpan.FromSeconds(1));

        private static readonly string[] SidecarExtensions = { ".sha256sum", ".sha512sum", ".sha384sum", ".sha1sum", ".md5sum", ".sha256", ".sha512", ".sha384", ".sha1", ".md5" };

        /// <summary>Reads and parses a manifest file (UTF-8, with or without BOM).</summary>
        public static ChecksumManifest Load(string manifestPath, string? algorithm = null)
        {
            // A FIFO would block forever and a device or /proc file reports length 0 yet never ends: refuse
            // anything that is not a regular file, and never read more than the cap whatever the length says.
            FileKind kind = FileStatus.GetKindFollowingLinks(manifestPath);
            if (kind == FileKind.Directory)
            {
                throw new ChecksumManifestException($"The checksum file '{manifestPath}' is a directory.");
            }

            if (kind != FileKind.RegularFile && kind != FileKind.Unknown)
            {
                throw new ChecksumManifestException($"The checksum file '{manifestPath}' is not a regular file ({kind}); it was not read.");
            }

            byte[] bytes;
            using (var stream = new FileStream(manifestPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                if (stream.CanSeek && stream.Length > MaximumManifestBytes)
                {
                    throw TooLarge(manifestPath);
                }

                using (var copy = new MemoryStream())
                {
                    byte[] buffer = new byte[81920];
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        if (copy.Length + read > MaximumManifestBytes)
                        {
                            throw TooLarge(manifestPath);
                        }

                        copy.Write(buffer, 0, read);
                    }

                    bytes = copy.ToArray();
                }
            }

            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                throw new ChecksumManifestException($"The checksum file '{manifestPath}' is not text (it contains NUL bytes).");
            }

            string text = new UTF8Encoding(false, false).GetString(bytes);
            return Parse(manifestPath, text, algorithm);
        }

        private static ChecksumManifestException TooLarge(string manifestPath)
            => new ChecksumManifestException($"The checksum file '{manifestPath}' is larger than {MaximumManifestBytes / (1024 * 1024)} MiB; manifests that large are refused.");

        /// <summary>
        /// Parses manifest text. <paramref name="algorithm"/> names the algorithm of GNU and bare lines; without it,
        /// the manifest's name (SHA256SUMS, *.sha512, md5sums) or else the hash length decides.
        /// </summary>
        public static ChecksumManifest Parse(string manifestPath, string text, string? algorithm = null)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            string? declared = algorithm == null ? null
                : SupportedHashAlgorithms.Normalize(algorithm) ?? throw new ArgumentException($"'{algorithm}' is not a supported hash algorithm.", nameof(algorithm));
            string fileName = System.IO.Path.GetFileName(manifestPath);
            string? nameHint = declared ?? AlgorithmFromManifestName(fileName);

            var entries = new List<ChecksumEntry>();
            var problems = new List<ChecksumProblem>();
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            string[] lines = text.Split('\n');
            int contentLines = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].TrimEnd('\r');
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }

                contentLines++;
            }

            for (int i = 0; i < lines.Length; i++)
            {
                int lineNumber = i + 1;
                string line = lines[i].TrimEnd('\r');
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.Length > MaximumLineLength)
                {
                    problems.Add(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber} is longer than {MaximumLineLength:N0} characters.", null));
                    continue;
                }

                ParseLine(line, lineNumber, contentLines, fileName, nameHint, declared, entries, problems);
            }

            return new ChecksumManifest(manifestPath, entries, problems);
        }

        /// <summary>
        /// Why a manifest entry must not be read, or null when it is a plain relative path inside the manifest's folder.
        /// Both separators count on every OS, so a manifest written on Windows cannot climb out on Linux either.
        /// </summary>
        public static string? CheckEntryPath(string entryPath)
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

        /// <summary>The full path an entry refers to, relative to <paramref name="baseDirectory"/>. Call only after <see cref="CheckEntryPath"/> passed.</summary>
        public static string ResolveEntryPath(string baseDirectory, string entryPath, bool backslashIsLiteral = false)
        {
            // A GNU-escaped name was written by a tool that saw a backslash in the name itself: on Unix it is part
            // of the file name. Otherwise a backslash is a Windows separator.
            bool keepBackslash = backslashIsLiteral && System.IO.Path.DirectorySeparatorChar == '/';
            string relative = keepBackslash ? entryPath : entryPath.Replace('\\', '/');
            if (System.IO.Path.DirectorySeparatorChar != '/')
            {
                relative = relative.Replace('/', System.IO.Path.DirectorySeparatorChar);
            }

            return System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, relative));
        }

        private static void ParseLine(string line, int lineNumber, int contentLines, string manifestName, string? nameHint, string? declared, List<ChecksumEntry> entries, List<ChecksumProblem> problems)
        {
            // GNU tools mark a line whose name holds a backslash or newline with a leading backslash, in both forms.
            bool escaped = line.StartsWith("\\", StringComparison.Ordinal);
            string body = escaped ? line.Substring(1) : line;
            Match bsd = BsdLine.Match(body);
            if (bsd.Success)
            {
                string label = bsd.Groups["alg"].Value.ToUpperInvariant();
                string? canonical = SupportedHashAlgorithms.Normalize(label);
                string hash = bsd.Groups["hash"].Value;
                string bsdName = bsd.Groups["name"].Value;
                if (escaped)
                {
                    string? unescapedName = Unescape(bsdName);
                    if (unescapedName == null)
                    {
                        problems.Add(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber}: the file name has an invalid backslash escape.", null));
                        return;
                    }

                    bsdName = unescapedName;
                }

                if (canonical == null && (hash.Length < 32 || hash.Length % 2 != 0))
                {
                    problems.Add(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber}: '{Abbreviate(hash)}' is too short to be a {label} hash.", bsdName));
                    return;
                }

                AddEntry(lineNumber, label, canonical, hash, bsdName, escaped, entries, problems);
                return;
            }

            int space = body.IndexOf(' ');
            if (space > 0 && space + 1 < body.Length && (body[space + 1] == ' ' || body[space + 1] == '*') && HexConverter.IsHex(body.Substring(0, space)))
            {
                string hash = body.Substring(0, space);
                string name = body.Substring(space + 2);
                if (escaped)
                {
                    string? unescaped = Unescape(name);
                    if (unescaped == null)
                    {
                        problems.Add(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber}: the file name has an invalid backslash escape.", null));
                        return;
                    }

                    name = unescaped;
                }

                AddGnuOrBareEntry(lineNumber, hash, name, escaped, nameHint, declared, entries, problems);
                return;
            }

            string trimmed = line.Trim();
            if (contentLines == 1 && HexConverter.IsHex(trimmed))
            {
                string? target = SidecarTarget(manifestName);
                if (target == null)
                {
                    problems.Add(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber} is a bare hash, but the checksum file's name '{manifestName}' does not say which file it is for (expected a name like 'tool.zip.sha256').", null));
                    return;
                }

                AddGnuOrBareEntry(lineNumber, trimmed, target, false, nameHint, declared, entries, problems);
                return;
            }

            problems.Add(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber} is not a checksum line (expected 'HASH  name', 'HASH *name' or 'ALGORITHM (name) = HASH'): {Abbreviate(line)}", null));
        }

        private static void AddGnuOrBareEntry(int lineNumber, string hash, string name, bool escaped, string? nameHint, string? declared, List<ChecksumEntry> entries, List<ChecksumProblem> problems)
        {
            string? algorithm = declared ?? SupportedHashAlgorithms.InferFromHexLength(hash.Length);
            if (declared == null && nameHint != null && SupportedHashAlgorithms.DigestLength(nameHint) * 2 == hash.Length)
            {
                algorithm = nameHint;
            }

            if (algorithm == null)
            {
                problems.Add(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber}: a hash of {hash.Length} hex digits matches no supported algorithm.", name));
                return;
            }

            AddEntry(lineNumber, algorithm, algorithm, hash, name, escaped, entries, problems);
        }

        private static void AddEntry(int lineNumber, string label, string? algorithm, string hash, string name, bool escaped, List<ChecksumEntry> entries, List<ChecksumProblem> problems)
        {
            string? refusal = CheckEntryPath(name);
            if (refusal != null)
            {
                problems.Add(new ChecksumProblem(lineNumber, ChecksumProblemKind.UnsafePath, $"Line {lineNumber}: the entry '{Abbreviate(name)}' was refused and not read because {refusal}.", name));
                return;
            }

            if (algorithm != null && SupportedHashAlgorithms.DigestLength(algorithm) * 2 != hash.Length)
            {
                problems.Add(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber}: the {algorithm} hash for '{Abbreviate(name)}' has {hash.Length} hex digits; {algorithm} has {SupportedHashAlgorithms.DigestLength(algorithm) * 2}.", name));
                return;
            }

            entries.Add(new ChecksumEntry(lineNumber, label, algorithm, hash.ToUpperInvariant(), name, escaped));
        }

        private static string? AlgorithmFromManifestName(string fileName)
        {
            string lower = fileName.ToLowerInvariant();
            foreach (string candidate in new[] { "sha256", "sha512", "sha384", "sha1", "md5" })
            {
                if (lower.Contains(candidate))
                {
                    return SupportedHashAlgorithms.Normalize(candidate);
                }
            }

            return null;
        }

        private static string? SidecarTarget(string manifestName)
        {
            foreach (string extension in SidecarExtensions)
            {
                if (manifestName.Length > extension.Length && manifestName.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    return manifestName.Substring(0, manifestName.Length - extension.Length);
                }
            }

            return null;
        }

        private static string? Unescape(string name)
        {
            var builder = new StringBuilder(name.Length);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (++i >= name.Length)
                {
                    return null;
                }

                switch (name[i])
                {
                    case '\\': builder.Append('\\'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    default: return null;
                }
            }

            return builder.ToString();
        }

        private static string Abbreviate(string text) => text.Length <= 120 ? text : text.Substring(0, 117) + "...";
    }
}
