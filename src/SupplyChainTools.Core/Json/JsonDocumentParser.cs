using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;

namespace SupplyChainTools.Core.Json
{
    /// <summary>
    /// A strict RFC 8259 JSON parser into <see cref="JsonNode"/> values, for the documents the advisory and
    /// indicator readers take (OSV records, STIX bundles). System.Text.Json is not available to the net462 build
    /// without shipping its assemblies into Windows PowerShell, so both builds use this one. It is bounded for
    /// untrusted input: nesting depth and the number of values have limits (the text itself is bounded by
    /// whoever read it, through InputFileOpener), and it honours a cancellation token. Anything else is one
    /// <see cref="JsonFormatException"/> with the line.
    /// </summary>
    internal sealed class JsonDocumentParser
    {
        /// <summary>The deepest nesting of arrays and objects accepted.</summary>
        public const int MaximumDepth = 64;

        /// <summary>The most values (of any kind) one document may hold.</summary>
        public const int MaximumValues = 4_000_000;

        private readonly string _text;
        private readonly CancellationToken _cancellationToken;
        private int _position;
        private int _line = 1;
        private int _values;

        private JsonDocumentParser(string text, CancellationToken cancellationToken)
        {
            _text = text;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Parses one whole document (a leading byte-order mark is allowed); throws <see cref="JsonFormatException"/>.</summary>
        public static JsonNode Parse(string text, CancellationToken cancellationToken = default)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            var parser = new JsonDocumentParser(text, cancellationToken);
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                parser._position = 1;
            }

            parser.SkipWhitespace();
            JsonNode root = parser.ParseValue(0);
            parser.SkipWhitespace();
            if (parser._position < text.Length)
            {
                throw parser.Error("unexpected text after the end of the document");
            }

            return root;
        }

        private JsonNode ParseValue(int depth)
        {
            if (++_values > MaximumValues)
            {
                throw Error($"the document holds more than {MaximumValues:N0} values");
            }

            if ((_values & 0xFFF) == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }

            if (_position >= _text.Length)
            {
                throw Error("the document ends where a value was expected");
            }

            int line = _line;
            char c = _text[_position];
            switch (c)
            {
                case '{': return ParseObject(depth + 1, line);
                case '[': return ParseArray(depth + 1, line);
                case '"': return JsonNode.Scalar(JsonKind.String, ParseString(), line);
                case 't': ExpectWord("true"); return JsonNode.Scalar(JsonKind.True, null, line);
                case 'f': ExpectWord("false"); return JsonNode.Scalar(JsonKind.False, null, line);
                case 'n': ExpectWord("null"); return JsonNode.Scalar(JsonKind.Null, null, line);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return JsonNode.Scalar(JsonKind.Number, ParseNumber(), line);
                    }

                    throw Error($"unexpected character '{Printable(c)}'");
            }
        }

        private JsonNode ParseObject(int depth, int line)
        {
            CheckDepth(depth);
            _position++;
            var members = new List<KeyValuePair<string, JsonNode>>();
            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                return JsonNode.ObjectOf(members, line);
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw Error("a member name (a string) was expected");
                }

                string name = ParseString();
                SkipWhitespace();
                Expect(':');
                SkipWhitespace();
                members.Add(new KeyValuePair<string, JsonNode>(name, ParseValue(depth)));
                SkipWhitespace();
                char next = Peek();
                _position++;
                if (next == '}')
                {
                    return JsonNode.ObjectOf(members, line);
                }

                if (next != ',')
                {
                    _position--;
                    throw Error("',' or '}' was expected in an object");
                }
            }
        }

        private JsonNode ParseArray(int depth, int line)
        {
            CheckDepth(depth);
            _position++;
            var items = new List<JsonNode>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                _position++;
                return JsonNode.ArrayOf(items, line);
            }

            while (true)
            {
                SkipWhitespace();
                items.Add(ParseValue(depth));
                SkipWhitespace();
                char next = Peek();
                _position++;
                if (next == ']')
                {
                    return JsonNode.ArrayOf(items, line);
                }

                if (next != ',')
                {
                    _position--;
                    throw Error("',' or ']' was expected in an array");
                }
            }
        }

        private string ParseString()
        {
            _position++; // the opening quote
            int start = _position;
            StringBuilder? decoded = null;
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw Error("a string is not closed");
                }

                char c = _text[_position];
                if (c == '"')
                {
                    string result = decoded == null ? _text.Substring(start, _position - start) : decoded.Append(_text, start, _position - start).ToString();
                    _position++;
                    return result;
                }

                if (c < 0x20)
                {
                    throw Error("a control character is not allowed in a string");
                }

                if (c != '\\')
                {
                    _position++;
                    continue;
                }

                decoded ??= new StringBuilder();
                decoded.Append(_text, start, _position - start);
                _position++;
                if (_position >= _text.Length)
                {
                    throw Error("a string is not closed");
                }

                char escape = _text[_position++];
                switch (escape)
                {
                    case '"': decoded.Append('"'); break;
                    case '\\': decoded.Append('\\'); break;
                    case '/': decoded.Append('/'); break;
                    case 'b': decoded.Append('\b'); break;
                    case 'f': decoded.Append('\f'); break;
                    case 'n': decoded.Append('\n'); break;
                    case 'r': decoded.Append('\r'); break;
                    case 't': decoded.Append('\t'); break;
                    case 'u':
                        if (_position + 4 > _text.Length || !ushort.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code))
                        {
                            throw Error("'\\u' must be followed by four hexadecimal digits");
                        }

                        decoded.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        _position--;
                        throw Error($"'\\{Printable(escape)}' is not a JSON escape");
                }

                start = _position;
            }
        }

        private string ParseNumber()
        {
            int start = _position;
            if (Peek() == '-')
            {
                _position++;
            }

            if (Peek() == '0')
            {
                _position++;
            }
            else if (!Digits())
            {
                throw Error("a number needs digits");
            }

            if (Peek() == '.')
            {
                _position++;
                if (!Digits())
                {
                    throw Error("a number needs digits after '.'");
                }
            }

            if (Peek() == 'e' || Peek() == 'E')
            {
                _position++;
                if (Peek() == '+' || Peek() == '-')
                {
                    _position++;
                }

                if (!Digits())
                {
                    throw Error("a number needs digits in its exponent");
                }
            }

            return _text.Substring(start, _position - start);
        }

        private bool Digits()
        {
            int start = _position;
            while (_position < _text.Length && _text[_position] >= '0' && _text[_position] <= '9')
            {
                _position++;
            }

            return _position > start;
        }

        private void ExpectWord(string word)
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
            {
                throw Error($"unexpected character '{Printable(_text[_position])}'");
            }

            _position += word.Length;
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"'{c}' was expected");
            }

            _position++;
        }

        private char Peek() => _position < _text.Length ? _text[_position] : '\0';

        private void SkipWhitespace()
        {
            while (_position < _text.Length)
            {
                char c = _text[_position];
                if (c == '\n')
                {
                    _line++;
                }
                else if (c != ' ' && c != '\t' && c != '\r')
                {
                    return;
                }

                _position++;
            }
        }

        private void CheckDepth(int depth)
        {
            if (depth > MaximumDepth)
            {
                throw Error($"values are nested more than {MaximumDepth} deep");
            }
        }

        private static string Printable(char c) => c < 0x20 || c > 0x7E ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

        private JsonFormatException Error(string problem) => new JsonFormatException(_line, problem);
    }

    /// <summary>Text that is not the JSON it should be: the line and what is wrong; callers add the file's name.</summary>
    internal sealed class JsonFormatException : FormatException
    {
        public JsonFormatException(int line, string problem)
            : base($"line {line}: {problem}")
        {
            Line = line;
            Problem = problem;
        }

        public int Line { get; }

        public string Problem { get; }
    }
}
