using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
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
        /// <summary>A longer line (in bytes, without its line ending) is one invalid line, never buffered whole.</summary>
        public const int MaximumLineLength = 64 * 1024;

        private static readonly Regex BsdLine = new Regex(
            @"^(?<alg>[A-Za-z][A-Za-z0-9\-_/]{0,31}) ?\((?<name>.*)\) ?= ?(?<hash>[0-9A-Fa-f]+)$",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
            TimeSpan.FromSeconds(1));

        private static readonly string[] SidecarExtensions = { ".sha256sum", ".sha512sum", ".sha384sum", ".sha1sum", ".md5sum", ".sha256", ".sha512", ".sha384", ".sha1", ".md5" };

        /// <summary>
        /// Opens a manifest file for <see cref="ChecksumManifestReader"/> through <see cref="InputFileOpener"/>: a FIFO
        /// would block forever and a device never ends, so anything that is not a regular file is refused before it
        /// is opened; there is no cap on the length (real manifests list whole distributions), only on a line's.
        /// </summary>
        public static Stream OpenManifest(string manifestPath, CancellationToken cancellationToken = default)
            => InputFileOpener.Open(manifestPath, InputKind.ChecksumManifest, cancellationToken);

        /// <summary>
        /// Reads and parses a whole manifest file (UTF-8, with or without BOM) into memory. For manifests of any
        /// size, read them line by line with <see cref="ChecksumManifestReader.Open"/> instead.
        /// </summary>
        public static ChecksumManifest Load(string manifestPath, string? algorithm = null)
        {
            using (ChecksumManifestReader reader = ChecksumManifestReader.Open(manifestPath, algorithm))
            {
                return Collect(manifestPath, reader);
            }
        }

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

            var stream = new MemoryStream(new UTF8Encoding(false).GetBytes(text), writable: false);
            using (var reader = new ChecksumManifestReader(manifestPath, stream, algorithm, refuseBinary: false))
            {
                return Collect(manifestPath, reader);
            }
        }

        private static ChecksumManifest Collect(string manifestPath, ChecksumManifestReader reader)
        {
            var entries = new List<ChecksumEntry>();
            var problems = new List<ChecksumProblem>();
            while (reader.TryReadLine(out ChecksumManifestLine? line))
            {
                if (line!.Entry != null)
                {
                    entries.Add(line.Entry);
                }
                else
                {
                    problems.Add(line.Problem!);
                }
            }

            return new ChecksumManifest(manifestPath, entries, problems);
        }

        /// <summary>
        /// One content line: its entry or problem, or null for a bare hash, which is an entry only when it is the
        /// manifest's one content line (the caller knows that only later; see <see cref="ParseBareHash"/>).
        /// </summary>
        internal static ChecksumManifestLine? ParseLine(string line, int lineNumber, string? nameHint, string? declared)
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
                        return new ChecksumManifestLine(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber}: the file name has an invalid backslash escape.", null));
                    }

                    bsdName = unescapedName;
                }

                if (canonical == null && (hash.Length < 32 || hash.Length % 2 != 0))
                {
                    return new ChecksumManifestLine(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber}: '{Abbreviate(hash)}' is too short to be a {label} hash.", bsdName));
                }

                return AddEntry(lineNumber, label, canonical, hash, bsdName, escaped);
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
                        return new ChecksumManifestLine(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber}: the file name has an invalid backslash escape.", null));
                    }

                    name = unescaped;
                }

                return AddGnuOrBareEntry(lineNumber, hash, name, escaped, nameHint, declared);
            }

            return HexConverter.IsHex(line.Trim()) ? null : NotAChecksumLine(line, lineNumber);
        }

        /// <summary>A bare-hash line: the entry for the sidecar's target when it is the only content line, else a problem.</summary>
        internal static ChecksumManifestLine ParseBareHash(string line, int lineNumber, bool onlyContentLine, string manifestName, string? nameHint, string? declared)
        {
            if (!onlyContentLine)
            {
                return NotAChecksumLine(line, lineNumber);
            }

            string? target = SidecarTarget(manifestName);
            if (target == null)
            {
                return new ChecksumManifestLine(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber} is a bare hash, but the checksum file's name '{manifestName}' does not say which file it is for (expected a name like 'tool.zip.sha256').", null));
            }

            return AddGnuOrBareEntry(lineNumber, line.Trim(), target, false, nameHint, declared);
        }

        internal static ChecksumManifestLine NotAChecksumLine(string line, int lineNumber)
            => new ChecksumManifestLine(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber} is not a checksum line (expected 'HASH  name', 'HASH *name' or 'ALGORITHM (name) = HASH'): {Abbreviate(line)}", null));

        private static ChecksumManifestLine AddGnuOrBareEntry(int lineNumber, string hash, string name, bool escaped, string? nameHint, string? declared)
        {
            string? algorithm = declared ?? SupportedHashAlgorithms.InferFromHexLength(hash.Length);
            if (declared == null && nameHint != null && SupportedHashAlgorithms.DigestLength(nameHint) * 2 == hash.Length)
            {
                algorithm = nameHint;
            }

            if (algorithm == null)
            {
                return new ChecksumManifestLine(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber}: a hash of {hash.Length} hex digits matches no supported algorithm.", name));
            }

            return AddEntry(lineNumber, algorithm, algorithm, hash, name, escaped);
        }

        private static ChecksumManifestLine AddEntry(int lineNumber, string label, string? algorithm, string hash, string name, bool escaped)
        {
            string? refusal = ChecksumEntryPath.Check(name);
            if (refusal != null)
            {
                return new ChecksumManifestLine(new ChecksumProblem(lineNumber, ChecksumProblemKind.UnsafePath, $"Line {lineNumber}: the entry '{Abbreviate(name)}' was refused and not read because {refusal}.", name));
            }

            if (algorithm != null && SupportedHashAlgorithms.DigestLength(algorithm) * 2 != hash.Length)
            {
                return new ChecksumManifestLine(new ChecksumProblem(lineNumber, ChecksumProblemKind.InvalidLine, $"Line {lineNumber}: the {algorithm} hash for '{Abbreviate(name)}' has {hash.Length} hex digits; {algorithm} has {SupportedHashAlgorithms.DigestLength(algorithm) * 2}.", name));
            }

            return new ChecksumManifestLine(new ChecksumEntry(lineNumber, label, algorithm, hash.ToUpperInvariant(), name, escaped));
        }

        internal static string? AlgorithmFromManifestName(string fileName)
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
