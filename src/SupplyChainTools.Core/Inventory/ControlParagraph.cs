using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// One paragraph of a Debian control-style file (dpkg's status): "Field: value" lines, continuation lines that
    /// start with a space, paragraphs separated by empty lines. Only single-line field values are kept (the ones
    /// the inventory reads); bounded by the file's size and a field count per paragraph.
    /// </summary>
    internal sealed class ControlParagraph
    {
        private const int MaximumFields = 1_000;
        private readonly Dictionary<string, string> fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        private ControlParagraph(int line)
        {
            Line = line;
        }

        /// <summary>The line the paragraph starts on.</summary>
        public int Line { get; }

        public string? Get(string field) => fields.TryGetValue(field, out string? value) && value.Length > 0 ? value : null;

        public static IEnumerable<ControlParagraph> ReadAll(string text, string path, CancellationToken cancellationToken)
        {
            var paragraphs = new List<ControlParagraph>();
            ControlParagraph? current = null;
            int lineNumber = 0;
            using var reader = new StringReader(text);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                lineNumber++;
                if ((lineNumber & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (line.Trim().Length == 0)
                {
                    current = null;
                    continue;
                }

                if (line[0] == ' ' || line[0] == '\t' || line[0] == '#')
                {
                    if (current == null && line[0] != '#')
                    {
                        throw new InventoryEvidenceException(path, lineNumber, "a continuation line comes before any field");
                    }

                    continue;
                }

                int colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    throw new InventoryEvidenceException(path, lineNumber, "the line is not \"Field: value\"");
                }

                if (current == null)
                {
                    current = new ControlParagraph(lineNumber);
                    paragraphs.Add(current);
                }

                if (current.fields.Count >= MaximumFields)
                {
                    throw new InventoryEvidenceException(path, lineNumber, $"a paragraph has more than {MaximumFields:N0} fields");
                }

                current.fields[line.Substring(0, colon)] = line.Substring(colon + 1).Trim();
            }

            return paragraphs;
        }
    }
}
