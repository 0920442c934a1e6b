using System;

namespace Kiosk.Button
{
    /// <summary>HMAC-SHA256 (RFC 2104) over <see cref="Sha256"/>: signs each press with the device's secret.</summary>
    public static class HmacSha256
    {
        /// <summary>The HMAC of <paramref name="message"/> under <paramref name="key"/>.</summary>
        public static byte[] Compute(byte[] key, byte[] message)
        {
            if (key == null) throw new ArgumentNullException("key");
            if (message == null) throw new ArgumentNullException("message");
            if (key.Length > Sha256.BlockSize) key = Sha256.Hash(key);
            byte[] inner = new byte[Sha256.BlockSize + message.Length];
            byte[] outer = new byte[Sha256.BlockSize + Sha256.DigestSize];
            for (int i = 0; i < Sha256.BlockSize; i++)
            {
                byte k = i < key.Length ? key[i] : (byte)0;
                inner[i] = (byte)(k ^ 0x36);
                outer[i] = (byte)(k ^ 0x5c);
            }
            Array.Copy(message, 0, inner, Sha256.BlockSize, message.Length);
            byte[] innerHash = Sha256.Hash(inner);
            Array.Copy(innerHash, 0, outer, Sha256.BlockSize, innerHash.Length);
            return Sha256.Hash(outer);
        }
    }
}
