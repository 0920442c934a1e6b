using System;

namespace Kiosk.Button
{
    /// <summary>Lower-case hexadecimal text of bytes and back (no BitConverter/Convert helpers the subset lacks).</summary>
    public static class Hex
    {
        private const string Digits = "0123456789abcdef";

        /// <summary>Lower-case hex of <paramref name="bytes"/>.</summary>
        public static string Encode(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException("bytes");
            char[] chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[2 * i + 1] = Digits[bytes[i] & 0x0F];
            }
            return new string(chars);
        }

        /// <summary>Bytes of <paramref name="text"/>; null when it is not an even run of hex digits.</summary>
        public static byte[] Decode(string text)
        {
            if (text == null || text.Length % 2 != 0) return null;
            byte[] bytes = new byte[text.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                int high = Nibble(text[2 * i]);
                int low = Nibble(text[2 * i + 1]);
                if (high < 0 || low < 0) return null;
                bytes[i] = (byte)((high << 4) | low);
            }
            return bytes;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }
    }
}
