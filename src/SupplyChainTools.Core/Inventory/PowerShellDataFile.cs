using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// A bounded parser of the literal subset of PowerShell data files (.psd1) that module manifests use: one
    /// hashtable @{ key = value } whose values are quoted strings and here-strings, numbers and bare words, $true/$false/$null,
    /// arrays (@( ), or items separated by commas) and nested hashtables; comments (#, &lt;# #&gt;) are skipped.
    /// Nothing is evaluated, as Import-PowerShellDataFile evaluates only constants: a manifest using any other
    /// expression is refused with the line it starts on. Depth and element count are bounded.
    /// Values come back as string, bool, null, List&lt;object?&gt; or Dictionary&lt;string, object?&gt; (keys case-insensitive).
    /// </summary>
    internal sealed class PowerShellDataFile
    {
        private const int MaximumDepth = 32;
        private const int MaximumElements = 100_000;

        private readonly string text;
        private readonly string path;
        private readonly CancellationToken cancellationToken;
        private int position;
        private int elements;

        private PowerShellDataFile(string text, string path, CancellationToken cancellationToken)
        {
            this.text = text;
            this.path = path;
            this.cancellationToken = cancellationToken;
        }

        public static Dictionary<string, object?> Parse(string text, string path, CancellationToken cancellationToken)
        {
            var parser = new PowerShellDataFile(text, path, cancellationToken);
            parser.SkipTrivia(true);
            if (!parser.TryConsume("@{"))
            {
                throw parser.Error("the file does not start with a hashtable (@{)");
            }

            Dictionary<string, object?> result = parser.ReadHashtable(1);
            parser.SkipTrivia(true);
            if (parser.position < parser.text.Length)
            {
                throw parser.Error("something follows the hashtable");
            }

            return result;
        }

        private Dictionary<string, object?> ReadHashtable(int depth)
        {
            CheckDepth(depth);
            var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipTrivia(true);
                if (position < text.Length && text[position] == ';')
                {
                    position++;
                    continue;
                }

                if (TryConsume("}"))
                {
                    return table;
                }

                string key = ReadKey();
                SkipTrivia(false);
                if (!TryConsume("="))
                {
                    throw Error($"the key '{key}' is not followed by '='");
                }

                SkipTrivia(true);
                table[key] = ReadValue(depth, true);
            }
        }

        private string ReadKey()
        {
            if (position >= text.Length)
            {
                throw Error("the hashtable is not closed (})");
            }

            char c = text[position];
            if (c == '\'' || c == '"')
            {
                return ReadString();
            }

            int start = position;
            while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_' || text[position] == '-' || text[position] == '.'))
            {
                position++;
            }

            if (position == start)
            {
                throw Error($"'{c}' cannot start a key");
            }

            return text.Substring(start, position - start);
        }

        /// <summary>One value; with <paramref name="allowList"/>, "a, b, c" is read as an array.</summary>
        private object? ReadValue(int depth, bool allowList)
        {
            object? first = ReadSingle(depth);
            if (!allowList)
            {
                return first;
            }

            SkipTrivia(false);
            if (position >= text.Length || text[position] != ',')
            {
                return first;
            }

            var list = new List<object?> { first };
            while (TryConsume(","))
            {
                SkipTrivia(true);
                list.Add(ReadSingle(depth));
                SkipTrivia(false);
            }

            return list;
        }

        private object? ReadSingle(int depth)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++elements > MaximumElements)
            {
                throw Error($"it holds more than {MaximumElements:N0} values");
            }

            if (position >= text.Length)
            {
                throw Error("a value is missing at the end of the file");
            }

            if (TryConsume("@{"))
            {
                return ReadHashtable(depth + 1);
            }

            if (position + 1 < text.Length && text[position] == '@' && (text[position + 1] == '\'' || text[position + 1] == '"'))
            {
                return ReadHereString();
            }

            if (TryConsume("@(") || TryConsume("("))
            {
                return ReadArray(depth + 1);
            }

            char c = text[position];
            if (c == '\'' || c == '"')
            {
                return ReadString();
            }

            if (c == '$')
            {
                if (position + 1 < text.Length && (text[position + 1] == '(' || text[position + 1] == '{'))
                {
                    throw Error("a subexpression or script block ($( ), ${ }) is code, not a constant");
                }

                string variable = ReadBareWord(1).ToLowerInvariant();
                switch (variable)
                {
                    case "$true": return true;
                    case "$false": return false;
                    case "$null": return null;
                    default: throw Error($"the variable {variable} is not a constant");
                }
            }

            if (char.IsLetterOrDigit(c) || c == '-' || c == '+' || c == '.')
            {
                return ReadBareWord(0);
            }

            throw Error($"'{c}' does not start a constant value");
        }

        private List<object?> ReadArray(int depth)
        {
            CheckDepth(depth);
            var list = new List<object?>();
            while (true)
            {
                SkipTrivia(true);
                if (TryConsume(")"))
                {
                    return list;
                }

                if (TryConsume(",") || TryConsume(";"))
                {
                    continue;
                }

                list.Add(ReadSingle(depth));
            }
        }

        private string ReadBareWord(int start)
        {
            int begin = position;
            position += start;
            while (position < text.Length && !char.IsWhiteSpace(text[position]) && ";,)}=#".IndexOf(text[position]) < 0)
            {
                position++;
            }

            return text.Substring(begin, position - begin);
        }

        /// <summary>'...' (with '' for a quote) or "..." (with "" or `" for a quote; nothing is expanded: a $ is kept as written).</summary>
        private string ReadString()
        {
            char quote = text[position];
            int opened = position;
            position++;
            var value = new StringBuilder();
            while (position < text.Length)
            {
                char c = text[position++];
                if (IsQuote(c, quote))
                {
                    if (position < text.Length && IsQuote(text[position], quote))
                    {
                        value.Append(text[position++]);
                        continue;
                    }

                    return value.ToString();
                }

                if (quote == '"' && c == '`' && position < text.Length)
                {
                    char escaped = text[position++];
                    value.Append(escaped switch { 'n' => '\n', 'r' => '\r', 't' => '\t', '0' => '\0', _ => escaped });
                    continue;
                }

                value.Append(c);
            }

            throw new InventoryEvidenceException(path, LineAt(opened), "a string is not closed");
        }

        /// <summary>@' ... '@ or @" ... "@: the lines between the opening line and a line that starts with the closing quote and @ (nothing is expanded).</summary>
        private string ReadHereString()
        {
            char quote = text[position + 1];
            int opened = position;
            int start = text.IndexOf('\n', position + 2);
            if (start < 0 || text.Substring(position + 2, start - position - 2).Trim().Length > 0)
            {
                throw new InventoryEvidenceException(path, LineAt(opened), "a here-string must end its first line after @" + quote);
            }

            int end = text.IndexOf("\n" + quote + "@", start, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new InventoryEvidenceException(path, LineAt(opened), "a here-string is not closed (" + quote + "@ at the start of a line)");
            }

            position = end + 3;
            int contentEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;
            return contentEnd <= start + 1 ? string.Empty : text.Substring(start + 1, contentEnd - start - 1);
        }

        /// <summary>PowerShell also accepts the typographic quotes as quotes.</summary>
        private static bool IsQuote(char c, char quote) => quote == '\''
            ? c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B'
            : c == '"' || c == '\u201C' || c == '\u201D' || c == '\u201E';

        private void SkipTrivia(bool newlines)
        {
            while (position < text.Length)
            {
                char c = text[position];
                if (c == '#')
                {
                    while (position < text.Length && text[position] != '\n')
                    {
                        position++;
                    }
                }
                else if (c == '<' && position + 1 < text.Length && text[position + 1] == '#')
                {
                    int end = text.IndexOf("#>", position + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw Error("a block comment (<#) is not closed");
                    }

                    position = end + 2;
                }
                else if (c == '`' && position + 1 < text.Length && (text[position + 1] == '\n' || text[position + 1] == '\r'))
                {
                    position += 2;
                }
                else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\u00A0' || c == '\uFEFF' || (newlines && c == '\n'))
                {
                    position++;
                }
                else
                {
                    return;
                }
            }
        }

        private bool TryConsume(string token)
        {
            if (string.CompareOrdinal(text, position, token, 0, token.Length) == 0)
            {
                position += token.Length;
                return true;
            }

            return false;
        }

        private void CheckDepth(int depth)
        {
            if (depth > MaximumDepth)
            {
                throw Error($"hashtables and arrays nest more than {MaximumDepth} levels deep");
            }
        }

        private int LineAt(int offset)
        {
            int line = 1;
            for (int i = 0; i < offset && i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                }
            }

            return line;
        }

        private InventoryEvidenceException Error(string problem) =>
            new InventoryEvidenceException(path, LineAt(position), "it is not a module manifest of constants: " + problem);
    }
}
