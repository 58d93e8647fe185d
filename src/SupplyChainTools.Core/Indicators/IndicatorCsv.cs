using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Indicators
{
    /// <summary>
    /// CSV indicator files (RFC 4180 quoting; comma, semicolon or tab): the header names the hash columns ("sha256",
    /// "md5_hash", "hash", "ioc"...), the name and the description; a header written as a '#' comment, as
    /// MalwareBazaar's exports do, counts. Without a recognisable header every cell is tried as an indicator.
    /// </summary>
    internal static class IndicatorCsv
    {
        /// <summary>The longest record accepted (a quoted cell may span lines, never more than this).</summary>
        public const int MaximumRecordLength = 1024 * 1024;

        private static readonly string[] UnlabelledHashColumns = { "hash", "filehash", "hashvalue", "value", "indicator", "ioc", "observable", "sha" };
        private static readonly string[] NameColumns = { "name", "filename", "file", "malware", "malwarefamily", "signature", "threat", "threatname", "title", "indicatorname" };
        private static readonly string[] DescriptionColumns = { "description", "comment", "comments", "notes", "reason" };

        /// <summary>A file not named .csv is CSV when its first data line splits into several cells and one header cell names a hash.</summary>
        public static bool LooksLikeCsv(string[] lines)
        {
            foreach (string raw in lines)
            {
                string line = raw.Trim().TrimStart('#').Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                char delimiter = Delimiter(line);
                if (line.IndexOf(delimiter) < 0)
                {
                    return false;
                }

                foreach (string cell in Split(line, delimiter))
                {
                    if (HashColumn(Normalize(cell), out _))
                    {
                        return true;
                    }
                }

                return false;
            }

            return false;
        }

        public static void Read(string[] lines, IndicatorFileReader.Counter counter, CancellationToken cancellationToken)
        {
            char delimiter = ',';
            Header? header = null;
            bool seenData = false;
            for (int i = 0; i < lines.Length; i++)
            {
                if ((i & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                int number = i + 1;
                string line = lines[i].TrimEnd('\r');
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                bool comment = line.TrimStart().StartsWith("#", StringComparison.Ordinal);
                string record = comment ? line.TrimStart().Substring(1) : line;
                // A quoted cell may hold line breaks: join lines until the quotes balance (bounded).
                while (!comment && !Balanced(record) && i + 1 < lines.Length && record.Length < MaximumRecordLength)
                {
                    record += "\n" + lines[++i].TrimEnd('\r');
                }

                if (header == null && !seenData)
                {
                    delimiter = Delimiter(record);
                    Header candidate = Header.From(Split(record, delimiter));
                    if (candidate.HashColumns.Count > 0)
                    {
                        header = candidate;
                        continue;
                    }
                }

                if (comment)
                {
                    continue;
                }

                seenData = true;
                List<string> cells = Split(record, delimiter);
                bool found = false;
                if (header != null)
                {
                    string? name = header.Cell(cells, header.Name);
                    string? description = header.Cell(cells, header.Description);
                    foreach (KeyValuePair<int, string?> column in header.HashColumns)
                    {
                        string? cell = header.Cell(cells, column.Key);
                        found |= cell != null && counter.Token(cell, column.Value, number, name, description);
                    }
                }
                else
                {
                    foreach (string cell in cells)
                    {
                        found |= counter.Token(cell, null, number, null, null);
                    }
                }

                if (!found)
                {
                    counter.Ignore(number);
                }
            }
        }

        private static char Delimiter(string line)
        {
            int commas = Count(line, ',');
            int semicolons = Count(line, ';');
            int tabs = Count(line, '\t');
            return tabs > commas && tabs > semicolons ? '\t' : semicolons > commas ? ';' : ',';
        }

        private static int Count(string text, char c)
        {
            int count = 0;
            foreach (char x in text)
            {
                if (x == c)
                {
                    count++;
                }
            }

            return count;
        }

        private static bool Balanced(string record) => Count(record, '"') % 2 == 0;

        /// <summary>RFC 4180 cells: quoted cells may hold the delimiter and doubled quotes.</summary>
        internal static List<string> Split(string record, char delimiter)
        {
            var cells = new List<string>();
            var cell = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < record.Length; i++)
            {
                char c = record[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < record.Length && record[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        cell.Append(c);
                    }
                }
                else if (c == '"' && cell.ToString().Trim().Length == 0)
                {
                    cell.Clear();
                    quoted = true;
                }
                else if (c == delimiter)
                {
                    cells.Add(cell.ToString().Trim());
                    cell.Clear();
                }
                else
                {
                    cell.Append(c);
                }
            }

            cells.Add(cell.ToString().Trim());
            return cells;
        }

        private static string Normalize(string header)
        {
            var builder = new StringBuilder(header.Length);
            foreach (char c in header)
            {
                if (char.IsLetterOrDigit(c))
                {
                    builder.Append(char.ToLowerInvariant(c));
                }
            }

            return builder.ToString();
        }

        /// <summary>A hash column, with its algorithm when the name says it ("sha256_hash" → SHA256), null when any length goes.</summary>
        private static bool HashColumn(string normalized, out string? algorithm)
        {
            foreach (string candidate in new[] { "sha256", "sha1", "md5", "sha512", "sha384" })
            {
                if (normalized.Contains(candidate))
                {
                    algorithm = SupportedHashAlgorithms.Normalize(candidate);
                    return true;
                }
            }

            algorithm = null;
            return Array.IndexOf(UnlabelledHashColumns, normalized) >= 0;
        }

        private sealed class Header
        {
            public List<KeyValuePair<int, string?>> HashColumns { get; } = new List<KeyValuePair<int, string?>>();

            public int Name { get; private set; } = -1;

            public int Description { get; private set; } = -1;

            public static Header From(List<string> cells)
            {
                var header = new Header();
                for (int i = 0; i < cells.Count; i++)
                {
                    string normalized = Normalize(cells[i]);
                    if (HashColumn(normalized, out string? algorithm))
                    {
                        header.HashColumns.Add(new KeyValuePair<int, string?>(i, algorithm));
                    }
                    else if (header.Name < 0 && Array.IndexOf(NameColumns, normalized) >= 0)
                    {
                        header.Name = i;
                    }
                    else if (header.Description < 0 && Array.IndexOf(DescriptionColumns, normalized) >= 0)
                    {
                        header.Description = i;
                    }
                }

                return header;
            }

            public string? Cell(List<string> cells, int index) => index >= 0 && index < cells.Count && cells[index].Length > 0 ? cells[index] : null;
        }
    }
}
