using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Indicators
{
    /// <summary>
    /// Reads one indicator file, opened through <see cref="InputFileOpener"/> (bounded, cancellable), into an
    /// <see cref="IndicatorSet"/>: a STIX 2.1 bundle (file hashes in indicator patterns and in file objects), a
    /// CSV with a hash column (MalwareBazaar's commented header included), or a plain list (one hash per line,
    /// sha256sum and BSD lines, "sha256:HEX", "owner/repo@commit" for pinned actions). Lines that hold no
    /// indicator are counted, not fatal: published lists mix hashes with addresses and notes.
    /// </summary>
    public static class IndicatorFileReader
    {
        public const string HashListFormat = "hash list";
        public const string CsvFormat = "CSV";
        public const string StixFormat = "STIX 2.1";

        private static readonly Regex BsdLine = new Regex(@"^(?<alg>[A-Za-z0-9-]+)\s*\((?<name>.*)\)\s*=\s*(?<hash>[0-9A-Fa-f]+)$", RegexOptions.CultureInvariant);
        private static readonly Regex StixHash = new Regex(
            @"file:hashes\s*\.\s*(?:'(?<alg>[^']{1,20})'|""(?<alg>[^""]{1,20})""|(?<alg>[A-Za-z0-9_-]{1,20}))\s*=\s*'(?<hash>[0-9A-Fa-f]{32,128})'",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly JsonDocumentOptions StixOptions = new JsonDocumentOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

        public static IndicatorFileSummary Read(string path, IndicatorSet set, CancellationToken cancellationToken)
        {
            byte[] bytes = InputFileOpener.ReadAllBytes(path, InputKind.IndicatorFile, cancellationToken);
            string text;
            using (var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
            {
                text = reader.ReadToEnd();
            }

            var counter = new Counter(System.IO.Path.GetFullPath(path), set);
            string trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            if (trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal))
            {
                ReadStix(text, counter, cancellationToken);
                return counter.Summary(StixFormat);
            }

            string[] lines = text.Split('\n');
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || IndicatorCsv.LooksLikeCsv(lines))
            {
                IndicatorCsv.Read(lines, counter, cancellationToken);
                return counter.Summary(CsvFormat);
            }

            ReadList(lines, counter, cancellationToken);
            return counter.Summary(HashListFormat);
        }

        private static void ReadList(string[] lines, Counter counter, CancellationToken cancellationToken)
        {
            for (int i = 0; i < lines.Length; i++)
            {
                if ((i & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#' || line.StartsWith("//", StringComparison.Ordinal) || line[0] == ';')
                {
                    continue;
                }

                int number = i + 1;
                Match? bsd = line.IndexOf('(') > 0 ? BsdLine.Match(line) : null; // the regex only where a BSD line can be
                if (bsd != null && bsd.Success)
                {
                    if (!counter.Token(bsd.Groups["hash"].Value, SupportedHashAlgorithms.Normalize(bsd.Groups["alg"].Value) ?? "unsupported", number, bsd.Groups["name"].Value, null))
                    {
                        counter.Ignore(number);
                    }

                    continue;
                }

                int space = IndexOfWhitespace(line);
                string token = space < 0 ? line : line.Substring(0, space);
                string? rest = space < 0 ? null : line.Substring(space).Trim().TrimStart('*');
                if (!counter.Token(token, null, number, rest, null))
                {
                    counter.Ignore(number);
                }
            }
        }

        private static void ReadStix(string text, Counter counter, CancellationToken cancellationToken)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, StixOptions);
            }
            catch (JsonException ex)
            {
                int? line = ex.LineNumber.HasValue ? (int)ex.LineNumber.Value + 1 : (int?)null;
                throw new IndicatorFileException(counter.Path, line, "it is not valid JSON (a STIX 2.1 bundle was expected): " + ex.Message, ex);
            }

            using (document)
            {
                try
                {
                    ReadStixObjects(document.RootElement, new LineFinder(text), counter, cancellationToken);
                }
                catch (InvalidOperationException ex)
                {
                    throw new IndicatorFileException(counter.Path, null, "a string is not valid UTF-16: " + ex.Message, ex); // an escaped lone surrogate
                }
            }
        }

        private static void ReadStixObjects(JsonElement root, LineFinder lines, Counter counter, CancellationToken cancellationToken)
        {
            IEnumerable<JsonElement> objects = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray()
                : GetString(root, "type") == "bundle" && Member(root, "objects") is JsonElement list && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray()
                : (IEnumerable<JsonElement>)new[] { root };
            int count = 0;
            foreach (JsonElement item in objects)
            {
                if ((++count & 0xFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                string? id = GetString(item, "id");
                int line = lines.LineOf(id);
                string source = id ?? ("line " + line);
                string? type = GetString(item, "type");
                int before = counter.Added;
                if (type == "indicator" && GetString(item, "pattern") is string pattern)
                {
                    foreach (Match match in StixHash.Matches(pattern))
                    {
                        string? algorithm = SupportedHashAlgorithms.Normalize(match.Groups["alg"].Value);
                        counter.Token(match.Groups["hash"].Value, algorithm ?? "unsupported", line, GetString(item, "name"), GetString(item, "description"), source);
                    }
                }
                else if (type == "file" && Member(item, "hashes") is JsonElement hashes && hashes.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty hash in hashes.EnumerateObject())
                    {
                        if (hash.Value.ValueKind == JsonValueKind.String)
                        {
                            counter.Token(hash.Value.GetString()!, SupportedHashAlgorithms.Normalize(hash.Name) ?? "unsupported", line, GetString(item, "name"), null, source);
                        }
                    }
                }
                else
                {
                    continue; // identities, relationships, malware objects... carry no file hash
                }

                if (counter.Added == before)
                {
                    counter.Ignore(line);
                }
            }
        }

        private static JsonElement? Member(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) ? value : (JsonElement?)null;

        private static string? GetString(JsonElement element, string name) =>
            Member(element, name) is JsonElement value && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static int IndexOfWhitespace(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsWhiteSpace(text[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// The line of each STIX object, found in document order by its quoted id (JsonDocument keeps no positions):
        /// an object without an id takes the line of the last one found.
        /// </summary>
        private sealed class LineFinder
        {
            private readonly string _text;
            private int _from;
            private int _line = 1;

            public LineFinder(string text) => _text = text;

            public int LineOf(string? id)
            {
                int index = id == null ? -1 : _text.IndexOf("\"" + id + "\"", _from, StringComparison.Ordinal);
                if (index >= 0)
                {
                    for (int i = _from; i < index; i++)
                    {
                        if (_text[i] == '\n')
                        {
                            _line++;
                        }
                    }

                    _from = index;
                }

                return _line;
            }
        }

        /// <summary>Adds what each source token holds to the set and counts what was added and ignored.</summary>
        internal sealed class Counter
        {
            private readonly IndicatorSet _set;
            private int _hashes;
            private int _commits;
            private int _ignored;
            private int? _firstIgnored;

            public Counter(string path, IndicatorSet set)
            {
                Path = path;
                _set = set;
            }

            public string Path { get; }

            public int Added => _hashes + _commits;

            /// <summary>
            /// One token: "HEX" (algorithm by length, or <paramref name="algorithm"/> when the source labels it),
            /// "sha256:HEX", or "owner/repo@SHA". A 40-hex token unlabelled is both a SHA-1 and a bare commit SHA.
            /// Returns false (and adds nothing) when the token is none of them.
            /// </summary>
            public bool Token(string token, string? algorithm, int line, string? name, string? description, string? objectId = null)
            {
                string value = token.Trim().Trim('"', '\'');
                if (algorithm == null)
                {
                    int colon = value.IndexOf(':');
                    if (colon > 0 && SupportedHashAlgorithms.Normalize(value.Substring(0, colon)) is string labelled)
                    {
                        algorithm = labelled;
                        value = value.Substring(colon + 1);
                    }
                    else if (IndicatorSet.TryParseActionReference(value, out string repository, out string sha))
                    {
                        _set.AddCommit(repository, sha, new Indicator(Path, line, objectId, name ?? value, description));
                        _commits++;
                        return true;
                    }
                }

                if (value.Length == 0 || !HexConverter.IsHex(value))
                {
                    return false;
                }

                string? byLength = SupportedHashAlgorithms.InferFromHexLength(value.Length);
                if (algorithm == null)
                {
                    algorithm = byLength;
                    if (algorithm == SupportedHashAlgorithms.SHA1)
                    {
                        _set.AddCommit(null, value, new Indicator(Path, line, objectId, name, description));
                    }
                }

                if (algorithm == null || byLength != algorithm)
                {
                    return false; // unsupported algorithm, or a digest of the wrong length for its label
                }

                _set.AddFileHash(algorithm, value, new Indicator(Path, line, objectId, name, description));
                _hashes++;
                return true;
            }

            public void Ignore(int line)
            {
                _ignored++;
                _firstIgnored ??= line;
            }

            public IndicatorFileSummary Summary(string format) => new IndicatorFileSummary(Path, format, _hashes, _commits, _ignored, _firstIgnored);
        }
    }
}
