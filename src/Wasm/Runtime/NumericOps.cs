using System.Numerics;
using System.Runtime.CompilerServices;

namespace Wharf.Wasm.Runtime;

/// <summary>
/// Numeric instructions whose wasm semantics differ from the plain IL opcode (traps, NaN and ±0 rules,
/// rounding), per https://webassembly.github.io/spec/core/exec/numerics.html. Small helpers are inlined
/// by the JIT; throws go through <see cref="Traps"/>.
/// </summary>
internal static partial class NumericOps
{
    /// <summary>Function prologue: call depth, native stack and interruption checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(InstanceContext context)
    {
        if (++context.Depth > context.MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            Traps.CallStackExhausted();
        }

        if (Volatile.Read(ref Epoch.Now) >= Volatile.Read(ref context.Deadline))
        {
            context.CheckInterrupt();
        }
    }

    /// <summary>
    /// Prologue for functions with small frames: the native stack probe (an out-of-line runtime call) runs
    /// only on every 8th nesting level. It guarantees ample headroom (128 KiB on 64-bit), far more than
    /// eight small frames can use, so the probe still catches exhaustion before the guard page.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnterSmall(InstanceContext context)
    {
        var depth = ++context.Depth;
        if (depth > context.MaxDepth || ((depth & 7) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack()))
        {
            Traps.CallStackExhausted();
        }

        if (Volatile.Read(ref Epoch.Now) >= Volatile.Read(ref context.Deadline))
        {
            context.CheckInterrupt();
        }
    }

    /// <summary>Loop-header interruption check: two loads and a compare.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Poll(InstanceContext context)
    {
        if (Volatile.Read(ref Epoch.Now) >= Volatile.Read(ref context.Deadline))
        {
            context.CheckInterrupt();
        }
    }

    public static int I32Clz(int x) => BitOperations.LeadingZeroCount((uint)x);

    public static int I32Ctz(int x) => BitOperations.TrailingZeroCount(x);

    public static int I32Popcnt(int x) => BitOperations.PopCount((uint)x);

    public static long I64Clz(long x) => BitOperations.LeadingZeroCount((ulong)x);

    public static long I64Ctz(long x) => BitOperations.TrailingZeroCount(x);

    public static long I64Popcnt(long x) => BitOperations.PopCount((ulong)x);

    public static int I32Rotl(int x, int n) => (int)BitOperations.RotateLeft((uint)x, n);

    public static int I32Rotr(int x, int n) => (int)BitOperations.RotateRight((uint)x, n);

    public static long I64Rotl(long x, long n) => (long)BitOperations.RotateLeft((ulong)x, (int)n);

    public static long I64Rotr(long x, long n) => (long)BitOperations.RotateRight((ulong)x, (int)n);

    public static int I32DivS(int a, int b)
    {
        if (b == 0)
        {
            Traps.Throw(Traps.DivideByZero);
        }

        if (b == -1 && a == int.MinValue)
        {
            Traps.Throw(Traps.IntegerOverflow);
        }

        return a / b;
    }

    public static int I32DivU(int a, int b)
    {
        if (b == 0)
        {
            Traps.Throw(Traps.DivideByZero);
        }

        return (int)((uint)a / (uint)b);
    }

    public static int I32RemS(int a, int b)
    {
        if (b == 0)
        {
            Traps.Throw(Traps.DivideByZero);
        }

        return b == -1 ? 0 : a % b;
    }

    public static int I32RemU(int a, int b)
    {
        if (b == 0)
        {
            Traps.Throw(Traps.DivideByZero);
        }

        return (int)((uint)a % (uint)b);
    }

    public static long I64DivS(long a, long b)
    {
        if (b == 0)
        {
            Traps.Throw(Traps.DivideByZero);
        }

        if (b == -1 && a == long.MinValue)
        {
            Traps.Throw(Traps.IntegerOverflow);
        }

        return a / b;
    }

    public static long I64DivU(long a, long b)
    {
        if (b == 0)
        {
            Traps.Throw(Traps.DivideByZero);
        }

        return (long)((ulong)a / (ulong)b);
    }

    public static long I64RemS(long a, long b)
    {
        if (b == 0)
        {
            Traps.Throw(Traps.DivideByZero);
        }

        return b == -1 ? 0 : a % b;
    }

    public static long I64RemU(long a, long b)
    {
        if (b == 0)
        {
            Traps.Throw(Traps.DivideByZero);
        }

        return (long)((ulong)a % (ulong)b);
    }

    // Sign operations work on the bits so NaN payloads are kept, as the spec requires.
    public static float F32Abs(float x) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) & 0x7FFF_FFFF);

    public static float F32Neg(float x) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) ^ int.MinValue);

    public static float F32Copysign(float a, float b) => BitConverter.Int32BitsToSingle(
        (BitConverter.SingleToInt32Bits(a) & 0x7FFF_FFFF) | (BitConverter.SingleToInt32Bits(b) & int.MinValue));

    public static double F64Abs(double x) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) & long.MaxValue);

    public static double F64Neg(double x) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) ^ long.MinValue);

    public static double F64Copysign(double a, double b) => BitConverter.Int64BitsToDouble(
        (BitConverter.DoubleToInt64Bits(a) & long.MaxValue) | (BitConverter.DoubleToInt64Bits(b) & long.MinValue));

    public static float F32Ceil(float x) => MathF.Ceiling(x);

    public static float F32Floor(float x) => MathF.Floor(x);

    public static float F32Trunc(float x) => MathF.Truncate(x);

    public static float F32Nearest(float x) => MathF.Round(x, MidpointRounding.ToEven);

    public static float F32Sqrt(float x) => MathF.Sqrt(x);

    public static double F64Ceil(double x) => Math.Ceiling(x);

    public static double F64Floor(double x) => Math.Floor(x);

    public static double F64Trunc(double x) => Math.Truncate(x);

    public static double F64Nearest(double x) => Math.Round(x, MidpointRounding.ToEven);

    public static double F64Sqrt(double x) => Math.Sqrt(x);

    public static float F32Min(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b))
        {
            return Quiet(a, b);
        }

        if (a == b)
        {
            // Equal values differ only for ±0, where min prefers -0: OR the sign bits.
            return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) | BitConverter.SingleToInt32Bits(b));
        }

        return a < b ? a : b;
    }

    public static float F32Max(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b))
        {
            return Quiet(a, b);
        }

        if (a == b)
        {
            return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
        }

        return a > b ? a : b;
    }

    public static double F64Min(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return Quiet(a, b);
        }

        if (a == b)
        {
            return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));
        }

        return a < b ? a : b;
    }

    public static double F64Max(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return Quiet(a, b);
        }

        if (a == b)
        {
            return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & BitConverter.DoubleToInt64Bits(b));
        }

        return a > b ? a : b;
    }

    // Not inlined so the JIT cannot fold x+0.0, x*1.0, x-0.0 or x/1.0 to x, which would leave a
    // signalling NaN unquieted; used only when an operand is a constant.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32AddSafe(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32SubSafe(float a, float b) => a - b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32MulSafe(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32DivSafe(float a, float b) => a / b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double F64AddSafe(double a, double b) => a + b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double F64SubSafe(double a, double b) => a - b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double F64MulSafe(double a, double b) => a * b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double F64DivSafe(double a, double b) => a / b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32FromBitsOpaque(int bits) => BitConverter.Int32BitsToSingle(bits);

    public static int SelectI32(int a, int b, int condition) => condition != 0 ? a : b;

    public static long SelectI64(long a, long b, int condition) => condition != 0 ? a : b;

    public static float SelectF32(float a, float b, int condition) => condition != 0 ? a : b;

    public static double SelectF64(double a, double b, int condition) => condition != 0 ? a : b;

    public static object? SelectRef(object? a, object? b, int condition) => condition != 0 ? a : b;

    private static float Quiet(float a, float b) => a + b;

    private static double Quiet(double a, double b) => a + b;
}
