using System;

namespace SupplyChainTools.Core.Scripts
{
    /// <summary>Where the signature block begins in decoded script text, and how much text before it is signed.</summary>
    internal sealed class SignatureBlockLocation
    {
        private SignatureBlockLocation(int blockStart, int contentLength, bool precededByBareLineFeed)
        {
            BlockStart = blockStart;
            ContentLength = contentLength;
            PrecededByBareLineFeed = precededByBareLineFeed;
        }

        /// <summary>Index of the begin marker line.</summary>
        internal int BlockStart { get; }

        /// <summary>Length of the signed text: everything before the line ending that precedes the begin marker.</summary>
        internal int ContentLength { get; }

        internal bool PrecededByBareLineFeed { get; }

        /// <summary>The last begin marker that stands on a line of its own, or null when there is none.</summary>
        internal static SignatureBlockLocation? Find(string text, ScriptCommentSyntax syntax)
        {
            int index = LastMarkerLine(text, syntax.BeginMarkerLine);
            if (index < 0)
            {
                return null;
            }

            if (index == 0)
            {
                return new SignatureBlockLocation(0, 0, precededByBareLineFeed: false);
            }

            bool crlf = index >= 2 && text[index - 2] == '\r';
            return new SignatureBlockLocation(index, crlf ? index - 2 : index - 1, precededByBareLineFeed: !crlf);
        }

        internal static bool ContainsMarkerLine(string text, string markerLine) => LastMarkerLine(text, markerLine) >= 0;

        private static int LastMarkerLine(string text, string markerLine)
        {
            int searchFrom = text.Length - 1;
            while (searchFrom >= 0)
            {
                int index = text.LastIndexOf(markerLine, searchFrom, StringComparison.Ordinal);
                if (index < 0)
                {
                    return -1;
                }

                int after = index + markerLine.Length;
                bool startsLine = index == 0 || text[index - 1] == '\n';
                bool endsLine = after == text.Length || text[after] == '\n' ||
                    (text[after] == '\r' && after + 1 < text.Length && text[after + 1] == '\n');
                if (startsLine && endsLine)
                {
                    return index;
                }

                searchFrom = index - 1;
            }

            return -1;
        }
    }
}
