using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// The small, strict subset of JSON a baseline line uses: one object per line whose values are strings,
    /// integers, booleans, null or arrays of strings. System.Text.Json is not available to the net462 build
    /// without shipping six extra assemblies into Windows PowerShell, so both builds use this codec; the xunit
    /// tests check its output with System.Text.Json. The reader is bounded: a line, a string, the number of
    /// keys and the length of an array all have limits, and anything outside the subset is refused.
    /// </summary>
    internal sealed class JsonLineWriter
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);
        private readonly StringBuilder _text = new StringBuilder(512);
        private bool _first = true;

        public void Start()
        {
            _text.Clear();
            _text.Append('{');
            _first = true;
        }

        public void String(string key, string? value)
        {
            if (value == null)
            {
                return;
            }

            Key(key);
            Quote(value);
        }

        public void Number(string key, long value)
        {
            Key(key);
            _text.Append(value.ToString(CultureInfo.InvariantCulture));
        }

        public void Boolean(string key, bool value)
        {
            Key(key);
            _text.Append(value ? "true" : "false");
        }

        public void StringArray(string key, IEnumerable<string> values)
        {
            Key(key);
            _text.Append('[');
            bool first = true;
            foreach (string value in values)
            {
                if (!first)
                {
                    _text.Append(',');
                }

                first = false;
                Quote(value);
            }

            _text.Append(']');
        }

        /// <summary>Closes the object and returns the line, newline included, as UTF-8.</summary>
        public byte[] Finish()
        {
            _text.Append("}\n");
            return Utf8.GetBytes(_text.ToString());
        }

        private void Key(string key)
        {
            if (!_first)
            {
                _text.Append(',');
            }

            _first = false;
            Quote(key);
            _text.Append(':');
        }

        private void Quote(string value)
        {
            _text.Append('"');
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                switch (c)
                {
                    case '"': _text.Append("\\\""); continue;
                    case '\\': _text.Append("\\\\"); continue;
                    case '\n': _text.Append("\\n"); continue;
                    case '\r': _text.Append("\\r"); continue;
                    case '\t': _text.Append("\\t"); continue;
                }

                if (c < 0x20 || c == 0x7F)
                {
                    _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    _text.Append(c).Append(value[i + 1]);
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    // A lone surrogate (possible in NTFS names) has no UTF-8 form: escape it so it round-trips.
                    _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    _text.Append(c);
                }
            }

            _text.Append('"');
        }
    }

    /// <summary>One parsed line: keys to values (string, long, bool, string[] or null).</summary>
    internal sealed class JsonLine
    {
        public const int MaxKeys = 64;
        public const int MaxArrayLength = 4096;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);
        private readonly Dictionary<string, object?> _values;

        private JsonLine(Dictionary<string, object?> values)
        {
            _values = values;
        }

        public IEnumerable<string> Keys => _values.Keys;

        public bool Has(string key) => _values.ContainsKey(key);

        public string? GetString(string key)
        {
            if (!_values.TryGetValue(key, out object? value) || value == null)
            {
                return null;
            }

            return value as string ?? throw new FormatException($"'{key}' must be a string.");
        }

        public string RequireString(string key) => GetString(key) ?? throw new FormatException($"'{key}' is missing.");

        public long? GetNumber(string key)
        {
            if (!_values.TryGetValue(key, out object? value) || value == null)
            {
                return null;
            }

            return value is long number ? number : throw new FormatException($"'{key}' must be an integer.");
        }

        public bool GetBoolean(string key)
        {
            if (!_values.TryGetValue(key, out object? value) || value == null)
            {
                return false;
            }

            return value is bool flag ? flag : throw new FormatException($"'{key}' must be true or false.");
        }

        public string[] GetStringArray(string key)
        {
            if (!_values.TryGetValue(key, out object? value) || value == null)
            {
                return Array.Empty<string>();
            }

            return value as string[] ?? throw new FormatException($"'{key}' must be an array of strings.");
        }

        /// <summary>Parses one line (without its newline). Throws <see cref="FormatException"/> for anything outside the subset.</summary>
        public static JsonLine Parse(byte[] buffer, int offset, int count)
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(buffer, offset, count);
            }
            catch (DecoderFallbackException)
            {
                throw new FormatException("the line is not valid UTF-8.");
            }

            var parser = new Parser(text);
            return new JsonLine(parser.ParseObject());
        }

        private sealed class Parser
        {
            private readonly string _text;
            private int _position;

            public Parser(string text)
            {
                _text = text;
            }

            public Dictionary<string, object?> ParseObject()
            {
                var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                SkipSpace();
                Expect('{');
                SkipSpace();
                if (Peek() == '}')
                {
                    _position++;
                }
                else
                {
                    while (true)
                    {
                        SkipSpace();
                        string key = ParseString();
                        SkipSpace();
                        Expect(':');
                        SkipSpace();
                        object? value = ParseValue();
                        if (values.ContainsKey(key))
                        {
                            throw new FormatException($"the key '{key}' appears twice.");
                        }

                        if (values.Count >= MaxKeys)
                        {
                            throw new FormatException("too many keys in one line.");
                        }

                        values.Add(key, value);
                        SkipSpace();
                        char next = Next();
                        if (next == '}')
                        {
                            break;
                        }

                        if (next != ',')
                        {
                            throw new FormatException($"expected ',' or '}}' at column {_position}.");
                        }
                    }
                }

                SkipSpace();
                if (_position != _text.Length)
                {
                    throw new FormatException($"unexpected text after the object at column {_position + 1}.");
                }

                return values;
            }

            private object? ParseValue()
            {
                char c = Peek();
                switch (c)
                {
                    case '"':
                        return ParseString();
                    case '[':
                        return ParseStringArray();
                    case 't':
                        Literal("true");
                        return true;
                    case 'f':
                        Literal("false");
                        return false;
                    case 'n':
                        Literal("null");
                        return null;
                    default:
                        if (c == '-' || (c >= '0' && c <= '9'))
                        {
                            return ParseInteger();
                        }

                        throw new FormatException($"unexpected '{c}' at column {_position + 1}.");
                }
            }

            private string[] ParseStringArray()
            {
                Expect('[');
                var items = new List<string>();
                SkipSpace();
                if (Peek() == ']')
                {
                    _position++;
                    return items.ToArray();
                }

                while (true)
                {
                    SkipSpace();
                    if (items.Count >= MaxArrayLength)
                    {
                        throw new FormatException("an array is too long.");
                    }

                    items.Add(ParseString());
                    SkipSpace();
                    char next = Next();
                    if (next == ']')
                    {
                        return items.ToArray();
                    }

                    if (next != ',')
                    {
                        throw new FormatException($"expected ',' or ']' at column {_position}.");
                    }
                }
            }

            private long ParseInteger()
            {
                int start = _position;
                if (Peek() == '-')
                {
                    _position++;
                }

                while (_position < _text.Length && _text[_position] >= '0' && _text[_position] <= '9')
                {
                    _position++;
                }

                if (_position - start > 20 || !long.TryParse(_text.Substring(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                {
                    throw new FormatException($"invalid integer at column {start + 1}.");
                }

                return value;
            }

            private string ParseString()
            {
                Expect('"');

                // Most strings have no escapes: take them whole.
                int close = _text.IndexOf('"', _position);
                if (close >= 0)
                {
                    int escape = _text.IndexOf('\\', _position, close - _position);
                    if (escape < 0)
                    {
                        for (int i = _position; i < close; i++)
                        {
                            if (_text[i] < 0x20)
                            {
                                throw new FormatException($"a control character inside a string at column {i + 1}.");
                            }
                        }

                        string plain = _text.Substring(_position, close - _position);
                        _position = close + 1;
                        return plain;
                    }
                }

                var builder = new StringBuilder();
                while (true)
                {
                    char c = Next();
                    if (c == '"')
                    {
                        return builder.ToString();
                    }

                    if (c < 0x20)
                    {
                        throw new FormatException($"a control character inside a string at column {_position}.");
                    }

                    if (c != '\\')
                    {
                        builder.Append(c);
                        continue;
                    }

                    char escape = Next();
                    switch (escape)
                    {
                        case '"': builder.Append('"'); break;
                        case '\\': builder.Append('\\'); break;
                        case '/': builder.Append('/'); break;
                        case 'b': builder.Append('\b'); break;
                        case 'f': builder.Append('\f'); break;
                        case 'n': builder.Append('\n'); break;
                        case 'r': builder.Append('\r'); break;
                        case 't': builder.Append('\t'); break;
                        case 'u':
                            if (_position + 4 > _text.Length || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                            {
                                throw new FormatException($"invalid \\u escape at column {_position}.");
                            }

                            _position += 4;
                            builder.Append((char)code);
                            break;
                        default:
                            throw new FormatException($"invalid escape '\\{escape}' at column {_position}.");
                    }
                }
            }

            private void Literal(string word)
            {
                if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
                {
                    throw new FormatException($"unexpected text at column {_position + 1}.");
                }

                _position += word.Length;
            }

            private void SkipSpace()
            {
                while (_position < _text.Length && (_text[_position] == ' ' || _text[_position] == '\t'))
                {
                    _position++;
                }
            }

            private char Peek() => _position < _text.Length ? _text[_position] : throw new FormatException("the line ends early.");

            private char Next() => _position < _text.Length ? _text[_position++] : throw new FormatException("the line ends early.");

            private void Expect(char c)
            {
                if (Next() != c)
                {
                    throw new FormatException($"expected '{c}' at column {_position}.");
                }
            }
        }
    }
}
