using System.Buffers.Binary;
using System.Text.Unicode;

namespace Wharf.Wasm.Binary;

/// <summary>
/// Cursor over a module binary with the spec's LEB128 and name rules
/// (https://webassembly.github.io/spec/core/binary/values.html). Like the reference interpreter it
/// reads against the whole module, not a section window: section sizes are checked after the
/// section was read ("section size mismatch"), and running off the end is "unexpected end".
/// </summary>
internal ref struct WasmReader
{
    public const string UnexpectedEnd = "unexpected end of section or function";

    private readonly ReadOnlySpan<byte> _data;

    public WasmReader(ReadOnlySpan<byte> data, int position = 0)
    {
        _data = data;
        Position = position;
    }

    public int Position { get; set; }

    public readonly int Length => _data.Length;

    public readonly bool AtEnd => Position >= _data.Length;

    public static WasmMalformedException Malformed(string message, long offset) => new(message, offset);

    public byte ReadByte()
    {
        if ((uint)Position >= (uint)_data.Length)
        {
            throw Malformed(UnexpectedEnd, Position);
        }

        return _data[Position++];
    }

    public readonly int PeekByte() => Position < _data.Length ? _data[Position] : -1;

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > _data.Length - Position)
        {
            throw Malformed(UnexpectedEnd, _data.Length);
        }

        var span = _data.Slice(Position, count);
        Position += count;
        return span;
    }

    public uint ReadFixedU32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ulong ReadFixedU64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    /// <summary>Unsigned LEB128 of at most 32 bits.</summary>
    public uint ReadU32()
    {
        // Fast path: a single byte.
        if (Position < _data.Length && _data[Position] < 0x80)
        {
            return _data[Position++];
        }

        return (uint)ReadUnsigned(32);
    }

    /// <summary>Unsigned LEB128 of at most <paramref name="bits"/> bits (limits flags are a 1-bit LEB128).</summary>
    public ulong ReadUnsignedBits(int bits) => ReadUnsigned(bits);

    public int ReadS32() => (int)ReadSigned(32);

    /// <summary>Signed 33-bit LEB128, used by block types.</summary>
    public long ReadS33() => ReadSigned(33);

    public long ReadS64() => ReadSigned(64);

    /// <summary>A vector length: a u32 that cannot exceed the bytes left ("length out of bounds").</summary>
    public int ReadLength()
    {
        var start = Position;
        var n = ReadU32();
        if (n > (uint)(_data.Length - Position))
        {
            throw Malformed("length out of bounds", start);
        }

        return (int)n;
    }

    /// <summary>
    /// A vector's element count. Every element takes at least one byte, so a count beyond the bytes
    /// left is capped at that many plus one: decoding then fails at the same place the reference
    /// interpreter does ("unexpected end"), without allocating for the bogus count.
    /// </summary>
    public int ReadCount()
    {
        var n = ReadU32();
        var left = (uint)(_data.Length - Position);
        return (int)Math.Min(n, left + 1);
    }

    /// <summary>A UTF-8 name (https://webassembly.github.io/spec/core/binary/values.html#names).</summary>
    public string ReadName()
    {
        var start = Position;
        var length = ReadLength();
        var bytes = ReadBytes(length);
        if (!Utf8.IsValid(bytes))
        {
            throw Malformed("malformed UTF-8 encoding", start);
        }

        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    public ValueType ReadValueType()
    {
        var start = Position;
        var b = ReadByte();
        return b switch
        {
            0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F => (ValueType)b,
            _ => throw Malformed("malformed value type", start),
        };
    }

    public ValueType ReadRefType()
    {
        var start = Position;
        var b = ReadByte();
        return b switch
        {
            0x70 or 0x6F => (ValueType)b,
            _ => throw Malformed("malformed reference type", start),
        };
    }

    /// <summary>A reserved byte that must be zero (memory.size/grow, call_indirect in Wasm 2.0 encodings).</summary>
    public void ReadZeroByte()
    {
        var start = Position;
        if (ReadByte() != 0)
        {
            throw Malformed("zero byte expected", start);
        }
    }

    public readonly void ExpectConsumed(int end, int start)
    {
        if (Position != end)
        {
            throw Malformed("section size mismatch", start);
        }
    }

    private ulong ReadUnsigned(int bits)
    {
        ulong result = 0;
        var shift = 0;
        var remaining = bits;
        while (true)
        {
            if (remaining <= 0)
            {
                throw Malformed("integer representation too long", Position);
            }

            var b = ReadByte();
            if (remaining < 7 && (b & 0x7F) >= 1 << remaining)
            {
                throw Malformed("integer too large", Position - 1);
            }

            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }

            shift += 7;
            remaining -= 7;
        }
    }

    private long ReadSigned(int bits)
    {
        long result = 0;
        var shift = 0;
        var remaining = bits;
        while (true)
        {
            if (remaining <= 0)
            {
                throw Malformed("integer representation too long", Position);
            }

            var b = ReadByte();
            if (remaining < 7)
            {
                // The unused high bits of the last byte must all repeat the sign bit.
                var mask = (-1 << (remaining - 1)) & 0x7F;
                if ((b & mask) != 0 && (b & mask) != mask)
                {
                    throw Malformed("integer too large", Position - 1);
                }
            }

            result |= (long)(b & 0x7F) << shift;
            shift += 7;
            remaining -= 7;
            if ((b & 0x80) == 0)
            {
                if (shift < 64 && (b & 0x40) != 0)
                {
                    result |= -1L << shift;
                }

                return result;
            }
        }
    }
}
