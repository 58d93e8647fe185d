using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Xml;
using System.Xml.Linq;

namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>
    /// A dependency file's text with line lookup, and the bounded parsers every auditor uses: System.Text.Json and
    /// System.Xml with DTDs off. Parse failures become <see cref="DependencyFileFormatException"/> naming the line.
    /// </summary>
    internal sealed class DependencyText
    {
        private const int MaxJsonDepth = 64;
        private readonly List<int> _lineStarts = new List<int> { 0 };

        public DependencyText(DependencyFile file, string text)
        {
            File = file;
            Text = text;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public DependencyFile File { get; }

        public string Text { get; }

        public static DependencyText Read(DependencyFile file, CancellationToken cancellationToken) => new DependencyText(file, file.ReadText(cancellationToken));

        /// <summary>The 1-based line of a character index.</summary>
        public int LineAt(int index)
        {
            int found = _lineStarts.BinarySearch(Math.Max(0, index));
            return found >= 0 ? found + 1 : ~found;
        }

        /// <summary>
        /// The line of the first <c>"<paramref name="key"/>"</c> (a JSON member name or string, quoted) at or after
        /// <paramref name="from"/>, which advances past it so document-order lookups stay linear; null when absent.
        /// </summary>
        public int? LineOfQuoted(string key, ref int from)
        {
            int index = Text.IndexOf("\"" + key + "\"", Math.Min(from, Text.Length), StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }

            from = index + key.Length + 2;
            return LineAt(index);
        }

        /// <summary>
        /// The line of the next member <c>"<paramref name="key"/>": {</c> (a key whose value is an object) at or after
        /// <paramref name="from"/>, skipping the same name used as a plain string; <paramref name="from"/> advances.
        /// </summary>
        public int? LineOfObjectKey(string key, ref int from)
        {
            string quoted = "\"" + key + "\"";
            int index = Math.Min(from, Text.Length);
            while ((index = Text.IndexOf(quoted, index, StringComparison.Ordinal)) >= 0)
            {
                int next = index + quoted.Length;
                while (next < Text.Length && char.IsWhiteSpace(Text[next]))
                {
                    next++;
                }

                if (next < Text.Length && Text[next] == ':')
                {
                    next++;
                    while (next < Text.Length && char.IsWhiteSpace(Text[next]))
                    {
                        next++;
                    }

                    if (next < Text.Length && Text[next] == '{')
                    {
                        from = next;
                        return LineAt(index);
                    }
                }

                index += quoted.Length;
            }

            return null;
        }

        /// <summary>The line of the first quoted <paramref name="key"/> anywhere in the file; null when absent.</summary>
        public int? LineOfQuoted(string key)
        {
            int from = 0;
            return LineOfQuoted(key, ref from);
        }

        public JsonDocument ParseJson()
        {
            try
            {
                return JsonDocument.Parse(Text, new JsonDocumentOptions { MaxDepth = MaxJsonDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException ex)
            {
                int? line = ex.LineNumber.HasValue ? (int)ex.LineNumber.Value + 1 : (int?)null;
                throw new DependencyFileFormatException(File.FullPath, line, $"{File.FullPath}{(line.HasValue ? ":" + line : string.Empty)}: not valid JSON: {ex.Message}", ex);
            }
        }

        public XDocument ParseXml(CancellationToken cancellationToken)
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersFromEntities = 0,
                MaxCharactersInDocument = Text.Length + 1,
                IgnoreComments = true,
            };
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var reader = XmlReader.Create(new StringReader(Text), settings);
                return XDocument.Load(reader, LoadOptions.SetLineInfo);
            }
            catch (XmlException ex)
            {
                int? line = ex.LineNumber > 0 ? ex.LineNumber : (int?)null;
                throw new DependencyFileFormatException(File.FullPath, line, $"{File.FullPath}{(line.HasValue ? ":" + line : string.Empty)}: not valid XML: {ex.Message}", ex);
            }
        }

        /// <summary>A problem in an otherwise parsed file, at <paramref name="line"/>.</summary>
        public DependencyFileFormatException Invalid(int? line, string message) =>
            new DependencyFileFormatException(File.FullPath, line, $"{File.FullPath}{(line.HasValue ? ":" + line : string.Empty)}: {message}");

        /// <summary>The line an XML node starts on, when known.</summary>
        public static int? LineOf(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : (int?)null;

        /// <summary>An attribute or child element's value, by local name, case-insensitively as MSBuild and NuGet read them.</summary>
        public static (string? Value, XObject? Node) ValueOf(XElement element, string name)
        {
            XAttribute? attribute = element.Attributes().FirstOrDefault(a => string.Equals(a.Name.LocalName, name, StringComparison.OrdinalIgnoreCase));
            if (attribute != null)
            {
                return (attribute.Value, attribute);
            }

            XElement? child = element.Elements().FirstOrDefault(e => string.Equals(e.Name.LocalName, name, StringComparison.OrdinalIgnoreCase));
            return child != null ? (child.Value.Trim(), child) : (null, null);
        }
    }
}
