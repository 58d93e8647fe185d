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
