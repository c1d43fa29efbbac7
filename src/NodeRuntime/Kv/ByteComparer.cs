namespace Wharf.NodeRuntime.Kv;

/// <summary>Orders byte arrays lexicographically as unsigned bytes (the order of UTF-8 keys).</summary>
internal sealed class ByteComparer : IComparer<byte[]>
{
    public static ByteComparer Instance { get; } = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
