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
    /// A bounded reader of the data-language subset module manifests (.psd1) are written in: hashtables @{ },
    /// arrays @( ) and comma lists, single- and double-quoted strings (never expanded), here-strings, numbers,
    /// $true/$false/$null, bare words, and comments. Core cannot host PowerShell, and Import-PowerShellDataFile
    /// would not give line numbers; anything outside the subset (a script block, a sub-expression, a command) is
    /// refused with the line, as Import-PowerShellDataFile refuses it.
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

        private PowerShellDataFile(string text, string path, CancellationToken cancellationToken)
        {
            _text = text;
            _path = path;
            _cancellationToken = cancellationToken;
        }

        /// <summary>The value the file (or fragment) holds; throws <see cref="DependencyFileFormatException"/> naming the line.</summary>
        public static PsdValue Parse(string text, string path, CancellationToken cancellationToken, int firstLine = 1)
        {
            var reader = new PowerShellDataFile(text, path, cancellationToken) { _line = firstLine };
            PsdValue value = reader.ReadList(0);
            reader.SkipSpace(true);
            if (reader._position < text.Length)
            {
                throw reader.Error("Unexpected '" + text[reader._position] + "' after the data.");
            }

            return value;
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
                throw Error("The data nests deeper than " + MaximumDepth + " levels.");
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

            if (c == '@' && At(1) == '(')
            {
                _position += 2;
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

            if (c == '\'' || c == '"')
            {
                return new PsdValue(line, text: ReadQuoted(c));
            }

            if (c == '$' || c == '-' || c == '.' || char.IsLetterOrDigit(c))
            {
                int start = _position;
                while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || "$-._:".IndexOf(_text[_position]) >= 0))
                {
                    _position++;
                }

                return new PsdValue(line, text: _text.Substring(start, _position - start));
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

                string key = Peek() == '\'' || Peek() == '"' ? ReadQuoted(Peek()) : ReadBareKey();
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

        private string ReadQuoted(char quote)
        {
            var value = new StringBuilder();
            _position++;
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw Error("The string is not closed.");
                }

                char c = _text[_position++];
                if (c == '\n')
                {
                    _line++;
                }

                if (c == quote)
                {
                    if (Peek() == quote)
                    {
                        value.Append(quote);
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
                    c = _text[_position++];
                }

                value.Append(c);
            }
        }

        private string ReadHereString()
        {
            char quote = _text[_position + 1];
            string end = "\n" + quote + "@";
            int close = _text.IndexOf(end, _position, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error("The here-string is not closed.");
            }

            string value = _text.Substring(_position + 2, close - _position - 2);
            foreach (char c in value)
            {
                _line += c == '\n' ? 1 : 0;
            }

            _line++;
            _position = close + end.Length;
            return value.Trim('\r', '\n');
        }

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
                else if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF')
                {
                    _position++;
                }
                else if (c == '`' && At(1) == '\n')
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
                    int end = close < 0 ? _text.Length : close + 2;
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
