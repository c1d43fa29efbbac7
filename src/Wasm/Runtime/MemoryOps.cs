using System.Runtime.CompilerServices;

namespace Wharf.Wasm.Runtime;

/// <summary>
/// Bounds-checked linear-memory accesses, inlined into generated code. The effective address is
/// computed in 64 bits (u32 address + u32 offset cannot overflow), so one compare against the current
/// length covers every case (https://webassembly.github.io/spec/core/exec/instructions.html#memory-instructions).
/// </summary>
internal static unsafe class MemoryOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Load(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 4 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<int>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 8 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<long>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Load(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 4 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<float>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Load(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 8 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<double>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Load8S(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 1 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<sbyte>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Load8U(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 1 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<byte>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Load16S(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 2 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<short>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Load16U(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 2 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<ushort>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load8S(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 1 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<sbyte>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load8U(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 1 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<byte>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load16S(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 2 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<short>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load16U(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 2 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<ushort>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load32S(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 4 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<int>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Load32U(int address, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 4 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        return Unsafe.ReadUnaligned<uint>(memory + ea);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store(int address, int value, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 4 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        Unsafe.WriteUnaligned(memory + ea, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I64Store(int address, long value, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 8 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        Unsafe.WriteUnaligned(memory + ea, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void F32Store(int address, float value, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 4 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        Unsafe.WriteUnaligned(memory + ea, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void F64Store(int address, double value, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 8 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        Unsafe.WriteUnaligned(memory + ea, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store8(int address, int value, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 1 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        Unsafe.WriteUnaligned(memory + ea, (byte)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I32Store16(int address, int value, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 2 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        Unsafe.WriteUnaligned(memory + ea, (ushort)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I64Store8(int address, long value, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 1 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        Unsafe.WriteUnaligned(memory + ea, (byte)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I64Store16(int address, long value, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 2 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        Unsafe.WriteUnaligned(memory + ea, (ushort)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void I64Store32(int address, long value, byte* memory, long length, long offset)
    {
        var ea = (ulong)(uint)address + (ulong)offset;
        if (ea + 4 > (ulong)length)
        {
            Traps.MemoryOutOfBounds();
        }

        Unsafe.WriteUnaligned(memory + ea, (uint)value);
    }
}
