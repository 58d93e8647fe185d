using System;
using System.Text;

namespace SupplyChainTools.Core.Scripts
{
    /// <summary>
    /// Decodes script bytes to text the way the PowerShell SIP does before hashing: by byte-order mark;
    /// else UTF-8 when the first 32 bytes hold valid multi-byte UTF-8; else the ANSI code page, which off
    /// Windows (and for every signed script shipped with PowerShell 7.6.9) means Windows-1252.
    /// Decoding never validates away code units: a BOM stays in the text as U+FEFF and unpaired UTF-16
    /// surrogates are kept as they are, so re-encoding the text as UTF-16LE reproduces what was signed.
    /// </summary>
    internal static class ScriptTextDecoder
    {
        internal const int Utf8DetectionWindow = 32;

        internal const string Utf8WithBom = "UTF-8 (BOM)";
        internal const string Utf8 = "UTF-8";
        internal const string Utf16LittleEndianWithBom = "UTF-16LE (BOM)";
        internal const string Utf16BigEndianWithBom = "UTF-16BE (BOM)";
        internal const string Utf32LittleEndianWithBom = "UTF-32LE (BOM)";
        internal const string Utf32BigEndianWithBom = "UTF-32BE (BOM)";
        internal const string Windows1252 = "Windows-1252";

        internal static string Decode(byte[] bytes, out string encodingName, out bool hasByteOrderMark)
        {
            hasByteOrderMark = true;
            if (StartsWith(bytes, 0xFF, 0xFE, 0x00, 0x00))
            {
                encodingName = Utf32LittleEndianWithBom;
                return new UTF32Encoding(bigEndian: false, byteOrderMark: false).GetString(bytes);
            }

            if (StartsWith(bytes, 0x00, 0x00, 0xFE, 0xFF))
            {
                encodingName = Utf32BigEndianWithBom;
                return new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetString(bytes);
            }

            if (StartsWith(bytes, 0xEF, 0xBB, 0xBF))
            {
                encodingName = Utf8WithBom;
                return DecodeUtf8(bytes);
            }

            if (StartsWith(bytes, 0xFF, 0xFE))
            {
                encodingName = Utf16LittleEndianWithBom;
                return DecodeUtf16(bytes, bigEndian: false);
            }

            if (StartsWith(bytes, 0xFE, 0xFF))
            {
                encodingName = Utf16BigEndianWithBom;
                return DecodeUtf16(bytes, bigEndian: true);
            }

            hasByteOrderMark = false;
            if (LeadingBytesHoldValidMultiByteUtf8(bytes))
            {
                encodingName = Utf8;
                return DecodeUtf8(bytes);
            }

            encodingName = Windows1252;
            return DecodeWindows1252(bytes);
        }

        /// <summary>UTF-8 decode that keeps a leading BOM as U+FEFF (GetString never strips a preamble).</summary>
        internal static string DecodeUtf8(byte[] bytes) => new UTF8Encoding(false, false).GetString(bytes);

        /// <summary>True when the first 32 bytes contain at least one multi-byte sequence and no invalid one
        /// (a sequence cut off by the end of the window counts as valid).</summary>
        internal static bool LeadingBytesHoldValidMultiByteUtf8(byte[] bytes)
        {
            int end = Math.Min(bytes.Length, Utf8DetectionWindow);
            bool sawMultiByte = false;
            int i = 0;
            while (i < end)
            {
                byte lead = bytes[i];
                if (lead < 0x80)
                {
                    i++;
                    continue;
                }

                int continuationCount;
                int minimumScalar;
                int scalar;
                if (lead >= 0xC2 && lead <= 0xDF)
                {
                    continuationCount = 1;
                    minimumScalar = 0x80;
                    scalar = lead & 0x1F;
                }
                else if (lead >= 0xE0 && lead <= 0xEF)
                {
                    continuationCount = 2;
                    minimumScalar = 0x800;
                    scalar = lead & 0x0F;
                }
                else if (lead >= 0xF0 && lead <= 0xF4)
                {
                    continuationCount = 3;
                    minimumScalar = 0x10000;
                    scalar = lead & 0x07;
                }
                else
                {
                    return false;
                }

                int j = 1;
                for (; j <= continuationCount; j++)
                {
                    if (i + j >= end)
                    {
                        // Cut off by the detection window: what is there is well-formed so far.
                        return true;
                    }

                    byte next = bytes[i + j];
                    if ((next & 0xC0) != 0x80)
                    {
                        return false;
                    }

                    scalar = (scalar << 6) | (next & 0x3F);
                }

                if (scalar < minimumScalar || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF))
                {
                    return false;
                }

                sawMultiByte = true;
                i += continuationCount + 1;
            }

            return sawMultiByte;
        }

        internal static string DecodeUtf16(byte[] bytes, bool bigEndian)
        {
            int charCount = bytes.Length / 2;
            char[] chars = new char[charCount + (bytes.Length % 2)];
            for (int i = 0; i < charCount; i++)
            {
                byte first = bytes[2 * i];
                byte second = bytes[(2 * i) + 1];
                chars[i] = bigEndian ? (char)((first << 8) | second) : (char)((second << 8) | first);
            }

            if (bytes.Length % 2 != 0)
            {
                // A dangling odd byte cannot be part of any signed UTF-16 text.
                chars[charCount] = '\uFFFD';
            }

            return new string(chars);
        }

        internal static string DecodeWindows1252(byte[] bytes)
        {
            char[] chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                byte b = bytes[i];
                chars[i] = b >= 0x80 && b <= 0x9F ? Windows1252HighControlRange[b - 0x80] : (char)b;
            }

            return new string(chars);
        }

        /// <summary>
        /// Windows-1252 for 0x80..0x9F (every other byte maps to the same code point). The five bytes the code
        /// page leaves undefined (81, 8D, 8F, 90, 9D) map to the C1 control of the same value, as Windows'
        /// MultiByteToWideChar does.
        /// </summary>
        private static readonly char[] Windows1252HighControlRange =
        {
            '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
            '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
            '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
            '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
        };

        private static bool StartsWith(byte[] bytes, params byte[] prefix)
        {
            if (bytes.Length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (bytes[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
