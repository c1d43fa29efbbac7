using System.Buffers.Binary;
using System.Text;
using Wharf.Wasm;

namespace Wharf.NodeRuntime.Abi;

/// <summary>Bounds-checked access to the calling instance's memory: a (ptr, len) pair that does not lie
/// entirely inside memory is rejected, so the host never touches bytes outside the guest's buffer.</summary>
internal static class GuestMemory
{
    public static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>The guest range, or false when it is not inside memory 0 (pointers and lengths are unsigned).</summary>
    public static bool TryGet(Caller caller, int ptr, int len, out Span<byte> span)
    {
        var memory = caller.Memory;
        var offset = (uint)ptr;
        var length = (uint)len;
        if (memory is null || (ulong)offset + length > (ulong)memory.Length || length > int.MaxValue)
        {
            span = default;
            return false;
        }

        span = memory.GetSpan(offset, (int)length);
        return true;
    }

    /// <summary>Decodes a UTF-8 string argument; false for a bad range or invalid UTF-8.</summary>
    public static bool TryGetString(Caller caller, int ptr, int len, out string value)
    {
        value = "";
        if (!TryGet(caller, ptr, len, out var span))
        {
            return false;
        }

        try
        {
            value = StrictUtf8.GetString(span);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public static void WriteU32(Span<byte> target, int offset, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(target[offset..], value);
}
