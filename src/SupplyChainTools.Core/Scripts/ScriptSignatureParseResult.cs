using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Scripts
{
    /// <summary>What <see cref="ScriptSignatureParser"/> found in one script.</summary>
    public sealed class ScriptSignatureParseResult
    {
        /// <summary><see cref="FormatStatus"/> of a file whose extension is not a PowerShell script type that can carry a signature block.</summary>
        public const string NotScript = "NotScript";

        /// <summary>"CRLF", "LF", "Mixed" or "None": the line endings of the signed text.</summary>
        public const string LineEndingsCrlf = "CRLF";
        public const string LineEndingsLf = "LF";
        public const string LineEndingsMixed = "Mixed";
        public const string LineEndingsNone = "None";

        private const int HashChunkCharacters = 32 * 1024;

        private readonly byte[] fileBytes;
        private readonly ScriptCommentSyntax? syntax;
        private readonly string? text;
        private readonly int contentLength;
        private readonly byte[]? pkcs7;

        internal ScriptSignatureParseResult(
            string path,
            byte[] fileBytes,
            ScriptCommentSyntax? syntax,
            string? text,
            int contentLength,
            string? detectedEncoding,
            bool hasByteOrderMark,
            bool hasSignatureBlock,
            byte[]? pkcs7,
            IReadOnlyList<string> problems,
            string? formatStatus)
        {
            Path = path;
            this.fileBytes = fileBytes;
            this.syntax = syntax;
            this.text = text;
            this.contentLength = contentLength;
            this.pkcs7 = pkcs7;
            DetectedEncoding = detectedEncoding;
            HasByteOrderMark = hasByteOrderMark;
            HasSignatureBlock = hasSignatureBlock;
            Problems = problems;
            FormatStatus = formatStatus;
            LineEndings = text is null ? LineEndingsNone : ClassifyLineEndings(text, contentLength);
        }

        public string Path { get; }

        /// <summary>True when the extension is a PowerShell script type that can carry a signature block.</summary>
        public bool IsScriptType => syntax is not null;

        /// <summary>True when a begin marker was found (the block may still be Malformed).</summary>
        public bool HasSignatureBlock { get; }

        /// <summary>The base64-decoded PKCS#7 SignedData, or null when there is no block or its base64 is damaged. A copy.</summary>
        public byte[]? Pkcs7 => pkcs7 is null ? null : (byte[])pkcs7.Clone();

        /// <summary>How the bytes were read: "UTF-8 (BOM)", "UTF-16LE (BOM)", "UTF-16BE (BOM)", "UTF-32LE (BOM)", "UTF-32BE (BOM)", "UTF-8" or "Windows-1252"; null when not read.</summary>
        public string? DetectedEncoding { get; }

        public bool HasByteOrderMark { get; }

        /// <summary>Line endings of the signed text: "CRLF", "LF", "Mixed" or "None".</summary>
        public string LineEndings { get; }

        public IReadOnlyList<string> Problems { get; }

        /// <summary>
        /// Null when the block is well-formed and the digest can be compared; otherwise <see cref="AuthenticodeStatus.NotSigned"/>
        /// (no block), <see cref="AuthenticodeStatus.Malformed"/> (a damaged block, or a file too large),
        /// <see cref="AuthenticodeStatus.UnexpectedData"/> (something other than one line ending follows the end marker)
        /// or <see cref="NotScript"/>.
        /// </summary>
        public string? FormatStatus { get; }

        /// <summary>
        /// The digest the signature must match: the hash of the UTF-16LE encoding of the text before the block's
        /// leading line ending (a BOM stays in as U+FEFF). Without a block, the whole text (what a signer would sign).
        /// </summary>
        public byte[] ComputeDigest(HashAlgorithmName hashAlgorithm)
        {
            if (text is null)
            {
                throw new InvalidOperationException("No text was read from '" + Path + "' (" + (FormatStatus ?? "unknown") + ").");
            }

            return HashUtf16LittleEndian(text, 0, contentLength, hashAlgorithm);
        }

        /// <summary>
        /// For a digest mismatch: explains the likely cause. Tries the common accidental changes (CRLF↔LF
        /// conversion, a byte-order mark added or removed, a UTF-8/Windows-1252 re-reading); when one of them
        /// reproduces <paramref name="signedDigest"/> the explanation says so definitively, otherwise it lists what
        /// looks suspicious (LF-only or mixed line endings, a BOM).
        /// </summary>
        public string ExplainDigestMismatch(HashAlgorithmName hashAlgorithm, byte[] signedDigest)
        {
            if (signedDigest is null)
            {
                throw new ArgumentNullException(nameof(signedDigest));
            }

            if (text is null || syntax is null)
            {
                return "The file could not be read as a script.";
            }

            string content = text.Substring(0, contentLength);
            if (DigestAlgorithms.FixedTimeEquals(HashUtf16LittleEndian(content, 0, content.Length, hashAlgorithm), signedDigest))
            {
                return "The digest matches: nothing changed since signing.";
            }

            string? explanation = TryVariants(content, hashAlgorithm, signedDigest);
            if (explanation is not null)
            {
                return explanation;
            }

            string? alternateEncoding = TryAlternateDecoding(hashAlgorithm, signedDigest);
            if (alternateEncoding is not null)
            {
                return alternateEncoding;
            }

            var hint = new StringBuilder("The script's content changed since signing.");
            if (LineEndings == LineEndingsLf)
            {
                hint.Append(" Its line endings are LF only, while signed scripts normally use CRLF: line endings may have been converted (for example by git) and the content changed as well.");
            }
            else if (LineEndings == LineEndingsMixed)
            {
                hint.Append(" It has mixed CRLF and LF line endings: part of it was probably edited or converted after signing.");
            }

            if (HasByteOrderMark)
            {
                hint.Append(" It starts with a byte-order mark (" + DetectedEncoding + "): an editor may have re-saved it with a different encoding.");
            }

            return hint.ToString();
        }

        internal static ScriptSignatureParseResult ForNotScript(string path) =>
            new ScriptSignatureParseResult(
                path, Array.Empty<byte>(), null, null, 0, null, false, false, null,
                new[] { "'" + System.IO.Path.GetExtension(path) + "' files do not carry a PowerShell signature block." },
                NotScript);

        internal static ScriptSignatureParseResult ForTooLarge(string path, long length) =>
            new ScriptSignatureParseResult(
                path, Array.Empty<byte>(), ScriptCommentSyntax.ForPath(path), null, 0, null, false, false, null,
                new[] { "The file is " + length + " bytes, larger than the " + ScriptSignatureParser.MaximumFileSize + "-byte limit for scripts." },
                AuthenticodeStatus.Malformed);

        private string? TryVariants(string content, HashAlgorithmName hashAlgorithm, byte[] signedDigest)
        {
            var lineVariants = new List<KeyValuePair<string, string?>> { new KeyValuePair<string, string?>(content, null) };
            bool hasCrlf = content.IndexOf("\r\n", StringComparison.Ordinal) >= 0;
            bool hasBareLf = HasBareLineFeed(content);
            if (hasBareLf)
            {
                lineVariants.Add(new KeyValuePair<string, string?>(
                    ToCrlf(content),
                    "Line endings changed since signing: the file now has LF line endings where the signed text had CRLF (for example git core.autocrlf or an editor converted them); restoring CRLF line endings makes the digest match."));
            }

            if (hasCrlf)
            {
                lineVariants.Add(new KeyValuePair<string, string?>(
                    content.Replace("\r\n", "\n"),
                    "Line endings changed since signing: the signed text had LF line endings and the file now has CRLF; restoring LF line endings makes the digest match."));
            }

            foreach (KeyValuePair<string, string?> lineVariant in lineVariants)
            {
                string candidate = lineVariant.Key;
                var bomVariants = new List<KeyValuePair<string, string?>> { new KeyValuePair<string, string?>(candidate, null) };
                if (candidate.Length > 0 && candidate[0] == '\uFEFF')
                {
                    bomVariants.Add(new KeyValuePair<string, string?>(
                        candidate.Substring(1),
                        "Encoding changed since signing: a byte-order mark was added after signing; removing it makes the digest match."));
                }
                else
                {
                    bomVariants.Add(new KeyValuePair<string, string?>(
                        "\uFEFF" + candidate,
                        "Encoding changed since signing: the signed text started with a byte-order mark that has since been removed; restoring it makes the digest match."));
                }

                foreach (KeyValuePair<string, string?> bomVariant in bomVariants)
                {
                    if (lineVariant.Value is null && bomVariant.Value is null)
                    {
                        continue;
                    }

                    if (DigestAlgorithms.FixedTimeEquals(HashUtf16LittleEndian(bomVariant.Key, 0, bomVariant.Key.Length, hashAlgorithm), signedDigest))
                    {
                        return lineVariant.Value is null ? bomVariant.Value
                            : bomVariant.Value is null ? lineVariant.Value
                            : lineVariant.Value + " " + bomVariant.Value;
                    }
                }
            }

            return null;
        }

        private string? TryAlternateDecoding(HashAlgorithmName hashAlgorithm, byte[] signedDigest)
        {
            string alternateName;
            string alternateText;
            if (DetectedEncoding == ScriptTextDecoder.Windows1252)
            {
                alternateName = ScriptTextDecoder.Utf8;
                alternateText = ScriptTextDecoder.DecodeUtf8(fileBytes);
            }
            else if (DetectedEncoding == ScriptTextDecoder.Utf8)
            {
                alternateName = ScriptTextDecoder.Windows1252;
                alternateText = ScriptTextDecoder.DecodeWindows1252(fileBytes);
            }
            else
            {
                return null;
            }

            SignatureBlockLocation? location = syntax is null ? null : SignatureBlockLocation.Find(alternateText, syntax);
            if (location is null)
            {
                return null;
            }

            if (DigestAlgorithms.FixedTimeEquals(HashUtf16LittleEndian(alternateText, 0, location.ContentLength, hashAlgorithm), signedDigest))
            {
                return "Encoding: the digest matches when the file is read as " + alternateName + " instead of " + DetectedEncoding +
                    ". The signer read the file differently (different ANSI code page or a removed byte-order mark); saving it with a byte-order mark fixes the reading only if it is re-signed.";
            }

            return null;
        }

        private static string ToCrlf(string content)
        {
            var builder = new StringBuilder(content.Length + (content.Length / 16));
            for (int i = 0; i < content.Length; i++)
            {
                char c = content[i];
                if (c == '\n' && (i == 0 || content[i - 1] != '\r'))
                {
                    builder.Append('\r');
                }

                builder.Append(c);
            }

            return builder.ToString();
        }

        private static bool HasBareLineFeed(string content)
        {
            for (int i = 0; i < content.Length; i++)
            {
                if (content[i] == '\n' && (i == 0 || content[i - 1] != '\r'))
                {
                    return true;
                }
            }

            return false;
        }

        private static string ClassifyLineEndings(string text, int length)
        {
            bool crlf = false;
            bool lf = false;
            for (int i = 0; i < length; i++)
            {
                if (text[i] == '\n')
                {
                    if (i > 0 && text[i - 1] == '\r')
                    {
                        crlf = true;
                    }
                    else
                    {
                        lf = true;
                    }
                }
            }

            return crlf && lf ? LineEndingsMixed : crlf ? LineEndingsCrlf : lf ? LineEndingsLf : LineEndingsNone;
        }

        /// <summary>Hashes UTF-16 code units little-endian, exactly as stored (no surrogate validation), in chunks.</summary>
        private static byte[] HashUtf16LittleEndian(string value, int start, int length, HashAlgorithmName hashAlgorithm)
        {
            using (HashAlgorithm hash = DigestAlgorithms.Create(hashAlgorithm))
            {
                byte[] buffer = new byte[HashChunkCharacters * 2];
                int end = start + length;
                for (int chunkStart = start; chunkStart < end; chunkStart += HashChunkCharacters)
                {
                    int count = Math.Min(HashChunkCharacters, end - chunkStart);
                    for (int i = 0; i < count; i++)
                    {
                        char c = value[chunkStart + i];
                        buffer[2 * i] = (byte)c;
                        buffer[(2 * i) + 1] = (byte)(c >> 8);
                    }

                    hash.TransformBlock(buffer, 0, count * 2, null, 0);
                }

                hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                return hash.Hash ?? Array.Empty<byte>();
            }
        }
    }
}
