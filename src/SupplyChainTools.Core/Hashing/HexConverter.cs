using System;

namespace SupplyChainTools.Core.Hashing
{
    public static class HexConverter
    {
        public static string ToUpperHex(byte[] bytes)
        {
#if NET
            return Convert.ToHexString(bytes);
#else
            char[] chars = new char[bytes.Length * 2];
            const string digits = "0123456789ABCDEF";
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = digits[bytes[i] & 0xF];
            }

            return new string(chars);
#endif
        }

        /// <summary>The bytes of an even-length hexadecimal string (either case); callers check it with <see cref="IsHex"/>.</summary>
        public static byte[] FromHex(string hex)
        {
            if (hex.Length % 2 != 0 || (hex.Length > 0 && !IsHex(hex)))
            {
                throw new FormatException("Not an even number of hexadecimal digits.");
            }

            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[(2 * i) + 1]));
            }

            return bytes;
        }

        private static int Nibble(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

        public static bool IsHex(string text)
        {
            foreach (char c in text)
            {
                bool isHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!isHex)
                {
                    return false;
                }
            }

            return text.Length > 0;
        }
    }
}
