// Reference stub: the members of nanoFramework.System.Collections that the firmware uses, with nanoFramework's
// signatures. Only compiled by NanoCompiler (against nanoFramework's mscorlib); never run.
namespace System.Collections
{
    public class Hashtable
    {
        public Hashtable() { }
        public object this[object key] { get { return null; } set { } }
        public bool Contains(object key) { return false; }
    }
}
