using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>
    /// Reads OpenPGP signatures: a detached signature (binary, or armored with its CRC checked) and the clear-signed
    /// text framework (RFC 4880 section 7), whose signed text is taken out first, dash-escapes undone, so the very
    /// bytes the signature covers are what the caller then uses.
    /// </summary>
    internal static class OpenPgpSignatureFile
    {
        public const string ClearSignedHeader = "-----BEGIN PGP SIGNED MESSAGE-----";
        private const string SignatureHeader = "-----BEGIN PGP SIGNATURE-----";

        /// <summary>Most signatures one file may hold.</summary>
        public const int MaximumSignatures = 64;

        public static bool IsClearSigned(byte[] bytes) =>
            Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 64)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith(ClearSignedHeader, StringComparison.Ordinal);

        public static bool LooksLikeOpenPgp(byte[] bytes)
        {
            string head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 64)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            if (head.StartsWith(SignatureHeader, StringComparison.Ordinal))
            {
                return true;
            }

            // A binary signature packet: tag 2, old or new header format.
            byte first = bytes.Length > 0 ? bytes[0] : (byte)0;
            return (first & 0x80) != 0 && ((first & 0x40) != 0 ? (first & 0x3F) == 2 : ((first >> 2) & 0x0F) == 2);
        }

        /// <summary>The signatures a detached signature file holds.</summary>
        public static IReadOnlyList<PgpSignature> ReadDetached(string path, byte[] bytes)
        {
            try
            {
                using (Stream decoder = PgpUtilities.GetDecoderStream(new MemoryStream(bytes, false)))
                {
                    return ReadSignatures(path, decoder);
                }
            }
            catch (Exception ex) when (IsParseFailure(ex))
            {
                throw new SignatureFormatException($"The OpenPGP signature '{path}' is malformed or truncated: {ex.Message}", ex);
            }
        }

        /// <summary>
        /// Splits a clear-signed file into its signed text (what the signature covers, as UTF-8 with LF line ends and
        /// dash-escapes undone) and its signatures. <paramref name="canonical"/> is the text as signed: trailing spaces
        /// and tabs removed from each line, lines joined by CRLF, no line end after the last.
        /// </summary>
        public static IReadOnlyList<PgpSignature> ReadClearSigned(string path, byte[] bytes, out byte[] text, out byte[] canonical)
        {
            string all = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
            string[] lines = all.Replace("\r\n", "\n").Split('\n');
            int index = 0;
            while (index < lines.Length && lines[index].Trim().Length == 0)
            {
                index++;
            }

            if (index >= lines.Length || lines[index].TrimEnd() != ClearSignedHeader)
            {
                throw new SignatureFormatException($"'{path}' is not a clear-signed OpenPGP message.");
            }

            // Armor headers ("Hash: SHA256") up to the blank line.
            for (index++; index < lines.Length && lines[index].Trim().Length != 0; index++)
            {
                if (!lines[index].StartsWith("Hash:", StringComparison.Ordinal))
                {
                    throw new SignatureFormatException($"'{path}' line {index + 1}: a clear-signed message's header may only hold 'Hash:' lines.");
                }
            }

            var body = new List<string>();
            for (index++; index < lines.Length && lines[index].TrimEnd() != SignatureHeader; index++)
            {
                string line = lines[index];
                if (line.StartsWith("- ", StringComparison.Ordinal))
                {
                    line = line.Substring(2);
                }
                else if (line.StartsWith("-", StringComparison.Ordinal))
                {
                    throw new SignatureFormatException($"'{path}' line {index + 1}: a line of signed text starts with '-' without the dash-escape '- '.");
                }

                body.Add(line);
            }

            if (index >= lines.Length)
            {
                throw new SignatureFormatException($"'{path}' is a clear-signed message without its signature block (truncated?).");
            }

            var signed = new StringBuilder();
            var plain = new StringBuilder();
            for (int i = 0; i < body.Count; i++)
            {
                signed.Append(i == 0 ? string.Empty : "\r\n").Append(body[i].TrimEnd(' ', '\t'));
                plain.Append(body[i]).Append('\n');
            }

            canonical = Encoding.UTF8.GetBytes(signed.ToString());
            text = Encoding.UTF8.GetBytes(plain.ToString());
            string block = string.Join("\n", lines, index, lines.Length - index);
            return ReadDetached(path, Encoding.UTF8.GetBytes(block));
        }

        private static IReadOnlyList<PgpSignature> ReadSignatures(string path, Stream decoder)
        {
            var signatures = new List<PgpSignature>();
            var factory = new PgpObjectFactory(decoder);
            PgpObject? item;
            while ((item = factory.NextPgpObject()) != null)
            {
                if (item is PgpSignatureList list)
                {
                    for (int i = 0; i < list.Count; i++)
                    {
                        if (signatures.Count >= MaximumSignatures)
                        {
                            throw new SignatureFormatException($"The OpenPGP signature '{path}' holds more than {MaximumSignatures} signatures.");
                        }

                        signatures.Add(list[i]);
                    }
                }
                else if (!(item is PgpMarker))
                {
                    throw new SignatureFormatException($"'{path}' is not a detached OpenPGP signature: it holds a {item.GetType().Name.Replace("Pgp", string.Empty)} packet.");
                }
            }

            if (signatures.Count == 0)
            {
                throw new SignatureFormatException($"The OpenPGP signature '{path}' holds no signature.");
            }

            return signatures;
        }

        /// <summary>What BouncyCastle's OpenPGP reader throws on bytes that are not what they claim (met by the fuzz targets).</summary>
        internal static bool IsParseFailure(Exception ex) =>
            ex is IOException || ex is PgpException || ex is Org.BouncyCastle.Bcpg.UnsupportedPacketVersionException || ex is ArgumentException
            || ex is InvalidOperationException || ex is IndexOutOfRangeException || ex is InvalidCastException || ex is OverflowException
            || ex is NotSupportedException || ex is FormatException;
    }
}
