using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.PowerShell
{
    /// <summary>A value of a PowerShell data file: a string (Text), a hashtable (Entries) or an array (Items), with its line.</summary>
    internal sealed class PsdValue
    {
        public PsdValue(int line, string? text = null, Dictionary<string, PsdValue>? entries = null, List<PsdValue>? items = null)
        {
            Line = line;
            Text = text;
            Entries = entries;
            Items = items;
        }

        public int Line { get; }

        public string? Text { get; }

        public Dictionary<string, PsdValue>? Entries { get; }

        public List<PsdValue>? Items { get; }

        /// <summary>The entry <paramref name="key"/> of a hashtable (keys are case-insensitive, as in PowerShell).</summary>
        public PsdValue? this[string key] => Entries != null && Entries.TryGetValue(key, out PsdValue? value) ? value : null;

        /// <summary>The value as a list: an array's items, or the value itself.</summary>
        public IReadOnlyList<PsdValue> AsList() => Items ?? (IReadOnlyList<PsdValue>)new[] { this };
    }

    /// <summary>
    /// The one bounded reader of the data-language subset module manifests (.psd1) are written in, used by the
    /// dependency audit (RequiredModules, #Requires -Modules) and by the inventory (Inventory/PowerShellModuleReader):
    /// hashtables @{ }, arrays @( ), ( ) and comma lists, single- and double-quoted strings (never expanded; the
    /// typographic quotes PowerShell accepts count as quotes), here-strings, numbers, $true/$false/$null, bare
    /// words, and comments. Core cannot host PowerShell, and Import-PowerShellDataFile would not give line numbers;
    /// anything outside the subset (a script block, a sub-expression, a variable, a type, a command) is refused
    /// with the line, as Import-PowerShellDataFile refuses it. Depth and value count are bounded.
    /// </summary>
    internal sealed class PowerShellDataFile
    {
        public const int MaximumDepth = 32;
        public const int MaximumValues = 100_000;

        private readonly string _text;
        private readonly string _path;
        private readonly CancellationToken _cancellationToken;
        private int _position;
        private int _line = 1;
        private int _values;
        private bool _bareNames;

        private PowerShellDataFile(string text, string path, CancellationToken cancellationToken)
        {
            _text = text;
            _path = path;
            _cancellationToken = cancellationToken;
        }

        /// <summary>
        /// The value the file (or fragment) holds; throws <see cref="DependencyFileFormatException"/> naming the line.
        /// With <paramref name="bareNames"/> (command arguments, as after #Requires -Modules) a bare word is a name;
        /// otherwise only a number may be bare, as in a data file.
        /// </summary>
        public static PsdValue Parse(string text, string path, CancellationToken cancellationToken, int firstLine = 1, bool bareNames = false)
        {
            var reader = new PowerShellDataFile(text, path, cancellationToken) { _line = firstLine, _bareNames = bareNames };
            PsdValue value = reader.ReadList(0);
            reader.SkipSpace(true);
            if (reader._position < text.Length)
            {
                throw reader.Error("Unexpected '" + text[reader._position] + "' after the data.");
            }

            return value;
        }

        /// <summary>A whole data file, which must be one hashtable (a module manifest): its entries.</summary>
        public static PsdValue ParseHashtable(string text, string path, CancellationToken cancellationToken)
        {
            var reader = new PowerShellDataFile(text, path, cancellationToken);
            reader.SkipSpace(true);
            if (reader.Peek() != '@' || reader.At(1) != '{')
            {
                throw reader.Error("The file does not start with a hashtable (@{).");
            }

            return Parse(text, path, cancellationToken);
        }

        private PsdValue ReadList(int depth)
        {
            PsdValue first = ReadValue(depth);
            SkipSpace(false);
            if (Peek() != ',')
            {
                return first;
            }

            var items = new List<PsdValue> { first };
            while (Peek() == ',')
            {
                _position++;
                SkipSpace(true);
                items.Add(ReadValue(depth));
                SkipSpace(false);
            }

            return new PsdValue(first.Line, items: items);
        }

        private PsdValue ReadValue(int depth)
        {
            if (depth > MaximumDepth)
            {
                throw Error("Hashtables and arrays nest more than " + MaximumDepth + " levels deep.");
            }

            if (++_values > MaximumValues)
            {
                throw Error("The data holds more than " + MaximumValues + " values.");
            }

            _cancellationToken.ThrowIfCancellationRequested();
            SkipSpace(true);
            int line = _line;
            char c = Peek();
            if (c == '@' && At(1) == '{')
            {
                _position += 2;
                return new PsdValue(line, entries: ReadEntries(depth + 1));
            }

            if ((c == '@' && At(1) == '(') || c == '(')
            {
                _position += c == '@' ? 2 : 1;
                var items = new List<PsdValue>();
                SkipSpace(true);
                while (Peek() != ')')
                {
                    if (Peek() == '\0')
                    {
                        throw Error("The array is not closed.");
                    }

                    PsdValue item = ReadList(depth + 1);
                    items.AddRange(item.Items ?? new List<PsdValue> { item });
                    SkipSpace(true);
                    if (Peek() == ';')
                    {
                        _position++;
                        SkipSpace(true);
                    }
                }

                _position++;
                return new PsdValue(line, items: items);
            }

            if (c == '@' && (At(1) == '\'' || At(1) == '"'))
            {
                return new PsdValue(line, text: ReadHereString());
            }

            if (IsQuote(c, '\'') || IsQuote(c, '"'))
            {
                return new PsdValue(line, text: ReadQuoted(IsQuote(c, '\'') ? '\'' : '"'));
            }

            if (c == '$' || c == '-' || c == '+' || c == '.' || char.IsLetterOrDigit(c))
            {
                int start = _position;
                while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || "$-+._:".IndexOf(_text[_position]) >= 0))
                {
                    _position++;
                }

                string word = _text.Substring(start, _position - start);
                if (c == '$' && !IsConstantVariable(word))
                {
                    throw Error("The variable " + word + " is not a constant (only $true, $false and $null are).");
                }

                if (c != '$' && !_bareNames && !IsNumber(word))
                {
                    throw Error("'" + word + "' is a command, not a constant (only strings, numbers, hashtables and arrays are).");
                }

                return new PsdValue(line, text: word);
            }

            throw Error(c == '\0' ? "The data ends where a value belongs." : "'" + c + "' is not allowed in a data file (only strings, numbers, hashtables and arrays are).");
        }

        private Dictionary<string, PsdValue> ReadEntries(int depth)
        {
            var entries = new Dictionary<string, PsdValue>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipSpace(true);
                while (Peek() == ';')
                {
                    _position++;
                    SkipSpace(true);
                }

                if (Peek() == '}')
                {
                    _position++;
                    return entries;
                }

                if (Peek() == '\0')
                {
                    throw Error("The hashtable is not closed.");
                }

                string key = IsQuote(Peek(), '\'') ? ReadQuoted('\'') : IsQuote(Peek(), '"') ? ReadQuoted('"') : ReadBareKey();
                SkipSpace(false);
                if (Peek() != '=')
                {
                    throw Error("'=' expected after the key '" + key + "'.");
                }

                _position++;
                entries[key] = ReadList(depth);
            }
        }

        private string ReadBareKey()
        {
            int start = _position;
            while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] == '_' || _text[_position] == '-' || _text[_position] == '.'))
            {
                _position++;
            }

            if (_position == start)
            {
                throw Error("A hashtable key is expected, not '" + Peek() + "'.");
            }

            return _text.Substring(start, _position - start);
        }

        /// <summary>'...' (with '' for a quote) or "..." (with "" or `" for a quote, `n `r `t `0 as escapes; nothing is expanded).</summary>
        private string ReadQuoted(char quote)
        {
            var value = new StringBuilder();
            int opened = _line;
            _position++;
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw new DependencyFileFormatException(_path, opened, "The string is not closed.");
                }

                char c = _text[_position++];
                if (c == '\n')
                {
                    _line++;
                }

                if (IsQuote(c, quote))
                {
                    if (IsQuote(Peek(), quote))
                    {
                        value.Append(Peek());
                        _position++;
                        continue;
                    }

                    return value.ToString();
                }

                if (quote == '"' && (c == '$' && (Peek() == '(' || Peek() == '{')))
                {
                    throw Error("A sub-expression is not allowed in a data file.");
                }

                if (quote == '"' && c == '`' && _position < _text.Length)
                {
                    char escaped = _text[_position++];
                    c = escaped switch { 'n' => '\n', 'r' => '\r', 't' => '\t', '0' => '\0', _ => escaped };
                    _line += escaped == '\n' ? 1 : 0;
                }

                value.Append(c);
            }
        }

        /// <summary>@' ... '@ or @" ... "@: the lines between the opening line and a line that starts with the closing quote and @ (nothing is expanded).</summary>
        private string ReadHereString()
        {
            char quote = _text[_position + 1];
            int start = _text.IndexOf('\n', _position + 2);
            if (start < 0 || _text.Substring(_position + 2, start - _position - 2).Trim().Length > 0)
            {
                throw Error("A here-string must end its first line after @" + quote + ".");
            }

            int close = _text.IndexOf("\n" + quote + "@", start, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error("The here-string is not closed (" + quote + "@ at the start of a line).");
            }

            int contentEnd = close > start && _text[close - 1] == '\r' ? close - 1 : close;
            string value = contentEnd <= start + 1 ? string.Empty : _text.Substring(start + 1, contentEnd - start - 1);
            for (int i = _position; i <= close; i++)
            {
                _line += _text[i] == '\n' ? 1 : 0;
            }

            _position = close + 3;
            return value;
        }

        /// <summary>PowerShell also accepts the typographic quotes as quotes.</summary>
        private static bool IsQuote(char c, char quote) => quote == '\''
            ? c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B'
            : c == '"' || c == '\u201C' || c == '\u201D' || c == '\u201E';

        /// <summary>A number literal's shape (1, -2, .5, 0x1F, 1e3, 1kb): a digit after an optional sign and point.</summary>
        private static bool IsNumber(string word)
        {
            int i = word.Length > 0 && (word[0] == '-' || word[0] == '+') ? 1 : 0;
            i += i < word.Length && word[i] == '.' ? 1 : 0;
            return i < word.Length && char.IsDigit(word[i]);
        }

        private static bool IsConstantVariable(string word) =>
            string.Equals(word, "$true", StringComparison.OrdinalIgnoreCase) || string.Equals(word, "$false", StringComparison.OrdinalIgnoreCase)
            || string.Equals(word, "$null", StringComparison.OrdinalIgnoreCase);

        private void SkipSpace(bool newlines)
        {
            while (_position < _text.Length)
            {
                char c = _text[_position];
                if (c == '\n' && newlines)
                {
                    _line++;
                    _position++;
                }
                else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\u00A0' || c == '\uFEFF')
                {
                    _position++;
                }
                else if (c == '`' && (At(1) == '\n' || At(1) == '\r'))
                {
                    _position++;
                }
                else if (c == '#')
                {
                    while (_position < _text.Length && _text[_position] != '\n')
                    {
                        _position++;
                    }
                }
                else if (c == '<' && At(1) == '#')
                {
                    int close = _text.IndexOf("#>", _position + 2, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        throw Error("A block comment (<#) is not closed.");
                    }

                    int end = close + 2;
                    for (int i = _position; i < end; i++)
                    {
                        _line += _text[i] == '\n' ? 1 : 0;
                    }

                    _position = end;
                }
                else
                {
                    return;
                }
            }
        }

        private char Peek() => _position < _text.Length ? _text[_position] : '\0';

        private char At(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

        private DependencyFileFormatException Error(string message) => new DependencyFileFormatException(_path, _line, message);
    }
}
