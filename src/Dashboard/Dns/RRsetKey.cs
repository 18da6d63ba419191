
namespace Dashboard.Dns;

/// <summary>An RRset's identity: owner name (storage form) and type. Prints as operators read it: <c>www.pro.tunnel.test A</c>.</summary>
public readonly record struct RRsetKey(string Name, RecordType Type)
{
    public override string ToString() => $"{Name} {Type.Mnemonic()}";
}
