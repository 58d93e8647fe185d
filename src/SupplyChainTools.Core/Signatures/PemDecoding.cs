using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>PEM blocks (RFC 7468) of one label, decoded; bounded by the text they come from.</summary>
    internal static class PemDecoding
    {
        /// <summary>Most blocks read from one file.</summary>
        public const int MaximumBlocks = 1000;

        public static byte[] Decode(string path, string text, string label)
        {
            foreach (byte[] block in DecodeAll(path, text, label))
            {
                return block;
            }

            throw new SignatureFormatException($"'{path}' holds no PEM block '{label}'.");
        }

        public static IEnumerable<byte[]> DecodeAll(string path, string text, string label)
        {
            string begin = "-----BEGIN " + label + "-----";
            string end = "-----END " + label + "-----";
            var blocks = new List<byte[]>();
            int position = 0;
            while ((position = text.IndexOf(begin, position, StringComparison.Ordinal)) >= 0)
            {
                int start = position + begin.Length;
                int stop = text.IndexOf(end, start, StringComparison.Ordinal);
                if (stop < 0)
                {
                    throw new SignatureFormatException($"'{path}' has a PEM block '{label}' without its END line (truncated?).");
                }

                if (blocks.Count >= MaximumBlocks)
                {
                    throw new SignatureFormatException($"'{path}' holds more than {MaximumBlocks} PEM blocks.");
                }

                blocks.Add(Base64(path, text.Substring(start, stop - start)));
                position = stop + end.Length;
            }

            return blocks;
        }

        /// <summary>Base64 with white space ignored; a clear error naming the file otherwise.</summary>
        public static byte[] Base64(string path, string text)
        {
            try
            {
                return Convert.FromBase64String(text.Replace("\r", string.Empty).Replace("\n", string.Empty).Replace(" ", string.Empty).Replace("\t", string.Empty));
            }
            catch (FormatException ex)
            {
                throw new SignatureFormatException($"'{path}' holds text that is not valid base64.", ex);
            }
        }
    }
}
