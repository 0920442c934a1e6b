// Reference stub: the members of nanoFramework.System.Text that the firmware uses, with nanoFramework's signatures. Only
// compiled by NanoCompiler (against nanoFramework's mscorlib); never run.
namespace System.Text
{
    public class StringBuilder
    {
        public StringBuilder() { }
        public StringBuilder Append(string value) { return this; }
        public StringBuilder Append(char value) { return this; }
        public override string ToString() { return null; }
    }

    public abstract class Encoding
    {
        public static Encoding UTF8 { get { return null; } }
        public abstract byte[] GetBytes(string s);
        public abstract string GetString(byte[] bytes, int index, int count);
    }
}
