using System;
using System.Collections;
using System.Text;

namespace Kiosk.Button
{
    /// <summary>
    /// The little JSON the button speaks: one flat object whose values are strings, numbers, booleans, null or arrays of
    /// strings. Read into a <see cref="Hashtable"/> (numbers and booleans as their text, arrays as <see cref="ArrayList"/>),
    /// written by hand. Enough for settings, acks and the current ballot, without System.Text.Json.
    /// </summary>
    public static class FlatJson
    {
        /// <summary>The object's members, or null when the text is not such an object.</summary>
        public static Hashtable Parse(string text)
        {
            if (text == null) return null;
            int i = SkipSpace(text, 0);
            if (i >= text.Length || text[i] != '{') return null;
            Hashtable result = new Hashtable();
            i = SkipSpace(text, i + 1);
            if (i < text.Length && text[i] == '}') return SkipSpace(text, i + 1) == text.Length ? result : null;
            while (true)
            {
                string key = ReadString(text, ref i);
                if (key == null) return null;
                i = SkipSpace(text, i);
                if (i >= text.Length || text[i] != ':') return null;
                i = SkipSpace(text, i + 1);
                object value;
                if (i >= text.Length) return null;
                if (text[i] == '"')
                {
                    value = ReadString(text, ref i);
                    if (value == null) return null;
                }
                else if (text[i] == '[')
                {
                    ArrayList items = new ArrayList();
                    i = SkipSpace(text, i + 1);
                    if (i < text.Length && text[i] == ']') i++;
                    else
                    {
                        while (true)
                        {
                            string item = ReadString(text, ref i);
                            if (item == null) return null;
                            items.Add(item);
                            i = SkipSpace(text, i);
                            if (i < text.Length && text[i] == ',') { i = SkipSpace(text, i + 1); continue; }
                            if (i < text.Length && text[i] == ']') { i++; break; }
                            return null;
                        }
                    }
                    value = items;
                }
                else
                {
                    int start = i;
                    while (i < text.Length && IsWordChar(text[i])) i++;
                    if (i == start) return null;
                    string word = text.Substring(start, i - start);
                    value = word == "null" ? null : word;
                }
                if (value != null) result[key] = value;
                i = SkipSpace(text, i);
                if (i < text.Length && text[i] == ',') { i = SkipSpace(text, i + 1); continue; }
                if (i < text.Length && text[i] == '}') return SkipSpace(text, i + 1) == text.Length ? result : null;
                return null;
            }
        }

        /// <summary>A string member, or null when absent or not a string.</summary>
        public static string GetString(Hashtable members, string key)
        {
            if (members == null) return null;
            return members[key] as string;
        }

        /// <summary>A whole-number member, or <paramref name="fallback"/> when absent or not a number.</summary>
        public static long GetLong(Hashtable members, string key, long fallback)
        {
            string text = GetString(members, key);
            if (text == null || text.Length == 0 || text.Length > 18) return fallback;
            long value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9') return fallback;
                value = value * 10 + (c - '0');
            }
            return value;
        }

        /// <summary>A string-array member, or null.</summary>
        public static string[] GetStrings(Hashtable members, string key)
        {
            if (members == null) return null;
            ArrayList list = members[key] as ArrayList;
            if (list == null) return null;
            string[] result = new string[list.Count];
            for (int i = 0; i < list.Count; i++) result[i] = (string)list[i];
            return result;
        }

        /// <summary>A JSON string literal of <paramref name="value"/> (quotes, backslashes and control characters escaped).</summary>
        public static string Quote(string value)
        {
            StringBuilder b = new StringBuilder();
            b.Append('"');
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '"') b.Append("\\\"");
                else if (c == '\\') b.Append("\\\\");
                else if (c < ' ') b.Append("\\u00" + Hex.Encode(new byte[] { (byte)c }));
                else b.Append(c);
            }
            b.Append('"');
            return b.ToString();
        }

        private static bool IsWordChar(char c)
        {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '+' || c == '.';
        }

        private static int SkipSpace(string text, int i)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) i++;
            return i;
        }

        private static string ReadString(string text, ref int i)
        {
            if (i >= text.Length || text[i] != '"') return null;
            StringBuilder b = new StringBuilder();
            i++;
            while (i < text.Length)
            {
                char c = text[i++];
                if (c == '"') return b.ToString();
                if (c != '\\') { b.Append(c); continue; }
                if (i >= text.Length) return null;
                char e = text[i++];
                if (e == 'n') b.Append('\n');
                else if (e == 't') b.Append('\t');
                else if (e == 'r') b.Append('\r');
                else if (e == 'b') b.Append('\b');
                else if (e == 'f') b.Append('\f');
                else if (e == 'u')
                {
                    if (i + 4 > text.Length) return null;
                    byte[] code = Hex.Decode(text.Substring(i, 4));
                    if (code == null) return null;
                    b.Append((char)((code[0] << 8) | code[1]));
                    i += 4;
                }
                else b.Append(e);
            }
            return null;
        }
    }
}
