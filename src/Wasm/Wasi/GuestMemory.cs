using System.Buffers.Binary;
using System.Text;

namespace Wharf.Wasm.Wasi;

/// <summary>Bounds-checked little-endian access to the guest's linear memory. A pointer outside
/// memory is the guest's error, reported as <c>EFAULT</c> rather than a trap (as wasmtime does).</summary>
internal readonly struct GuestMemory(WasmMemory memory)
{
    public static GuestMemory Of(Caller caller) =>
        new(caller.Memory ?? throw new WasmTrapException("WASI functions need the module's memory 0"));

    public Span<byte> Span(int ptr, int length)
    {
        var offset = (uint)ptr;
        if (length < 0 || offset + (ulong)(uint)length > (ulong)memory.Length)
        {
            throw new WasiErrnoException(Errno.Fault);
        }

        return memory.GetSpan(offset, length);
    }

    public uint ReadU32(int ptr) => BinaryPrimitives.ReadUInt32LittleEndian(Span(ptr, 4));

    public ulong ReadU64(int ptr) => BinaryPrimitives.ReadUInt64LittleEndian(Span(ptr, 8));

    public void WriteU8(int ptr, byte value) => Span(ptr, 1)[0] = value;

    public void WriteU16(int ptr, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Span(ptr, 2), value);

    public void WriteU32(int ptr, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Span(ptr, 4), value);

    public void WriteU64(int ptr, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(ptr, 8), value);

    /// <summary>Reads a UTF-8 path argument; invalid UTF-8 or an embedded NUL is <c>EILSEQ</c>/<c>EINVAL</c>.</summary>
    public string ReadPath(int ptr, int length)
    {
        var bytes = Span(ptr, length);
        if (bytes.Contains((byte)0))
        {
            throw new WasiErrnoException(Errno.Inval);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WasiErrnoException(Errno.Ilseq);
        }
    }

    /// <summary>Gathers an iovec/ciovec array: (buf u32, len u32) pairs.</summary>
    public int IovecCount(int iovs, int count)
    {
        if (count < 0 || count > int.MaxValue / 8)
        {
            throw new WasiErrnoException(count < 0 ? Errno.Inval : Errno.Fault);
        }

        Span(iovs, count * 8);
        return count;
    }

    public Span<byte> Iovec(int iovs, int index)
    {
        var entry = iovs + (index * 8);
        var buf = (int)ReadU32(entry);
        var len = ReadU32(entry + 4);
        if (len > int.MaxValue)
        {
            throw new WasiErrnoException(Errno.Fault);
        }

        return Span(buf, (int)len);
    }

    internal static readonly UTF8Encoding StrictUtf8 = new(false, true);
}
