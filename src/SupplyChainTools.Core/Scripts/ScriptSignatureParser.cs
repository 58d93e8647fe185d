using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Scripts
{
    /// <summary>
    /// Finds and decodes the Authenticode signature block of a PowerShell script (.ps1 .psm1 .psd1 .ps1xml .psc1
    /// .cdxml .mof) and prepares the digest over the signed text. Does not verify the signature: its output feeds
    /// the CMS verifier (Pkcs7, ComputeDigest, Problems, FormatStatus).
    /// </summary>
    public static class ScriptSignatureParser
    {
        /// <summary>Largest script accepted (256 MiB); larger files are reported as Malformed.</summary>
        public const long MaximumFileSize = 256L * 1024 * 1024;

        /// <summary>True when the extension is one that carries a PowerShell signature block.</summary>
        public static bool IsScriptFileType(string path) => ScriptCommentSyntax.ForPath(path) is not null;

        /// <summary>Reads the file (refusing files over <see cref="MaximumFileSize"/> without reading them) and parses it.</summary>
        public static ScriptSignatureParseResult ParseFile(string path, CancellationToken cancellationToken = default)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (!IsScriptFileType(path))
            {
                return ScriptSignatureParseResult.ForNotScript(path);
            }

            long length = new FileInfo(path).Length;
            if (length > MaximumFileSize)
            {
                return ScriptSignatureParseResult.ForTooLarge(path, length);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return Parse(path, File.ReadAllBytes(path));
        }

        /// <summary>Parses script bytes; <paramref name="path"/> selects the comment syntax by its extension. Never throws on malformed content.</summary>
        public static ScriptSignatureParseResult Parse(string path, byte[] fileBytes)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (fileBytes is null)
            {
                throw new ArgumentNullException(nameof(fileBytes));
            }

            ScriptCommentSyntax? syntax = ScriptCommentSyntax.ForPath(path);
            if (syntax is null)
            {
                return ScriptSignatureParseResult.ForNotScript(path);
            }

            if (fileBytes.LongLength > MaximumFileSize)
            {
                return ScriptSignatureParseResult.ForTooLarge(path, fileBytes.LongLength);
            }

            string text = ScriptTextDecoder.Decode(fileBytes, out string encodingName, out bool hasByteOrderMark);
            var problems = new List<string>();
            var location = SignatureBlockLocation.Find(text, syntax);
            if (location is null)
            {
                if (SignatureBlockLocation.ContainsMarkerLine(text, syntax.EndMarkerLine))
                {
                    problems.Add("The file has a signature end marker but no begin marker.");
                }

                return new ScriptSignatureParseResult(
                    path, fileBytes, syntax, text, text.Length, encodingName, hasByteOrderMark,
                    hasSignatureBlock: false, pkcs7: null, problems, AuthenticodeStatus.NotSigned);
            }

            string? formatStatus = null;
            if (location.PrecededByBareLineFeed)
            {
                problems.Add("The signature block is preceded by LF instead of CRLF; signers always write CRLF, so the line endings were changed after signing.");
            }

            byte[]? pkcs7 = ReadBlock(text, syntax, location.BlockStart, problems, ref formatStatus);
            return new ScriptSignatureParseResult(
                path, fileBytes, syntax, text, location.ContentLength, encodingName, hasByteOrderMark,
                hasSignatureBlock: true, pkcs7, problems, formatStatus);
        }

        private static byte[]? ReadBlock(string text, ScriptCommentSyntax syntax, int blockStart, List<string> problems, ref string? formatStatus)
        {
            int position = SkipLine(text, blockStart);
            var base64 = new StringBuilder();
            bool sawBareLineFeed = false;
            bool sawEndMarker = false;
            int lineNumber = 0;
            while (position < text.Length)
            {
                lineNumber++;
                int newline = text.IndexOf('\n', position);
                int lineEnd = newline < 0 ? text.Length : newline;
                int contentEnd = lineEnd > position && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                if (newline >= 0 && contentEnd == lineEnd)
                {
                    sawBareLineFeed = true;
                }

                string line = text.Substring(position, contentEnd - position);
                if (string.Equals(line, syntax.EndMarkerLine, StringComparison.Ordinal))
                {
                    sawEndMarker = true;
                    string trailing = text.Substring(contentEnd);
                    if (trailing.Length != 0 && trailing != "\r\n" && trailing != "\n")
                    {
                        problems.Add(
                            "Data follows the signature block's end marker (" + (trailing.Length - LineEndingLength(trailing)) +
                            " characters): something was appended after signing, and it is not covered by the signature.");
                        formatStatus = AuthenticodeStatus.UnexpectedData;
                    }

                    break;
                }

                if (!line.StartsWith(syntax.LinePrefix, StringComparison.Ordinal) ||
                    !line.EndsWith(syntax.LineSuffix, StringComparison.Ordinal) ||
                    line.Length < syntax.LinePrefix.Length + syntax.LineSuffix.Length)
                {
                    problems.Add(
                        "Line " + lineNumber + " of the signature block does not have the form '" + syntax.LinePrefix + "<base64>" +
                        syntax.LineSuffix + "'.");
                    formatStatus = AuthenticodeStatus.Malformed;
                    return null;
                }

                int payloadLength = line.Length - syntax.LinePrefix.Length - syntax.LineSuffix.Length;
                for (int i = 0; i < payloadLength; i++)
                {
                    char c = line[syntax.LinePrefix.Length + i];
                    if (!IsBase64Character(c))
                    {
                        problems.Add("Line " + lineNumber + " of the signature block contains a character that is not base64 (U+" + ((int)c).ToString("X4") + ").");
                        formatStatus = AuthenticodeStatus.Malformed;
                        return null;
                    }
                }

                base64.Append(line, syntax.LinePrefix.Length, payloadLength);
                position = newline < 0 ? text.Length : newline + 1;
            }

            if (sawBareLineFeed)
            {
                problems.Add("Lines of the signature block end in LF instead of CRLF: the file's line endings were converted after signing.");
            }

            if (!sawEndMarker)
            {
                problems.Add("The signature block has no end marker ('" + syntax.EndMarkerLine + "').");
                formatStatus = AuthenticodeStatus.Malformed;
                return null;
            }

            if (base64.Length == 0)
            {
                problems.Add("The signature block is empty.");
                formatStatus = AuthenticodeStatus.Malformed;
                return null;
            }

            byte[] pkcs7;
            try
            {
                pkcs7 = Convert.FromBase64String(base64.ToString());
            }
            catch (FormatException)
            {
                problems.Add("The signature block is not valid base64 (wrong length or misplaced padding).");
                formatStatus = AuthenticodeStatus.Malformed;
                return null;
            }

            if (!CmsSignedData.TryReadEncapsulatedContent(pkcs7, out string contentType, out _, out _, out string? problem))
            {
                problems.Add("The signature block does not hold a PKCS#7 SignedData: " + problem);
                formatStatus = AuthenticodeStatus.Malformed;
            }
            else if (contentType != PkcsOids.SpcIndirectDataContent)
            {
                problems.Add("The signature's content type is " + contentType + ", not SpcIndirectDataContent.");
                formatStatus = AuthenticodeStatus.Malformed;
            }

            return pkcs7;
        }

        private static int SkipLine(string text, int position)
        {
            int newline = text.IndexOf('\n', position);
            return newline < 0 ? text.Length : newline + 1;
        }

        private static int LineEndingLength(string trailing) =>
            trailing.EndsWith("\r\n", StringComparison.Ordinal) ? 2 : trailing.EndsWith("\n", StringComparison.Ordinal) ? 1 : 0;

        private static bool IsBase64Character(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
    }
}
