using System.Runtime.CompilerServices;

namespace Wharf.Wasm.Runtime;

/// <summary>Conversions: trapping and saturating truncation, unsigned and rounding-sensitive conversions,
/// reinterpretation (https://webassembly.github.io/spec/core/exec/numerics.html#conversions).</summary>
internal static partial class NumericOps
{
    public static int I32TruncF32S(float x)
    {
        CheckNaN(x);
        if (x >= 2147483648f || x < -2147483648f)
        {
            Traps.Throw(Traps.IntegerOverflow);
        }

        return (int)x;
    }

    public static int I32TruncF32U(float x)
    {
        CheckNaN(x);
        if (x >= 4294967296f || x <= -1f)
        {
            Traps.Throw(Traps.IntegerOverflow);
        }

        return (int)(uint)x;
    }

    public static int I32TruncF64S(double x)
    {
        CheckNaN(x);
        if (x >= 2147483648.0 || x <= -2147483649.0)
        {
            Traps.Throw(Traps.IntegerOverflow);
        }

        return (int)x;
    }

    public static int I32TruncF64U(double x)
    {
        CheckNaN(x);
        if (x >= 4294967296.0 || x <= -1.0)
        {
            Traps.Throw(Traps.IntegerOverflow);
        }

        return (int)(uint)x;
    }

    public static long I64TruncF32S(float x)
    {
        CheckNaN(x);
        if (x >= 9223372036854775808f || x < -9223372036854775808f)
        {
            Traps.Throw(Traps.IntegerOverflow);
        }

        return (long)x;
    }

    public static long I64TruncF32U(float x)
    {
        CheckNaN(x);
        if (x >= 18446744073709551616f || x <= -1f)
        {
            Traps.Throw(Traps.IntegerOverflow);
        }

        return (long)(ulong)x;
    }

    public static long I64TruncF64S(double x)
    {
        CheckNaN(x);
        if (x >= 9223372036854775808.0 || x < -9223372036854775808.0)
        {
            Traps.Throw(Traps.IntegerOverflow);
        }

        return (long)x;
    }

    public static long I64TruncF64U(double x)
    {
        CheckNaN(x);
        if (x >= 18446744073709551616.0 || x <= -1.0)
        {
            Traps.Throw(Traps.IntegerOverflow);
        }

        return (long)(ulong)x;
    }

    public static int I32TruncSatF32S(float x) =>
        float.IsNaN(x) ? 0 : x >= 2147483648f ? int.MaxValue : x < -2147483648f ? int.MinValue : (int)x;

    public static int I32TruncSatF32U(float x) =>
        float.IsNaN(x) || x <= -1f ? 0 : x >= 4294967296f ? -1 : (int)(uint)x;

    public static int I32TruncSatF64S(double x) =>
        double.IsNaN(x) ? 0 : x >= 2147483648.0 ? int.MaxValue : x <= -2147483649.0 ? int.MinValue : (int)x;

    public static int I32TruncSatF64U(double x) =>
        double.IsNaN(x) || x <= -1.0 ? 0 : x >= 4294967296.0 ? -1 : (int)(uint)x;

    public static long I64TruncSatF32S(float x) =>
        float.IsNaN(x) ? 0 : x >= 9223372036854775808f ? long.MaxValue : x < -9223372036854775808f ? long.MinValue : (long)x;

    public static long I64TruncSatF32U(float x) =>
        float.IsNaN(x) || x <= -1f ? 0 : x >= 18446744073709551616f ? -1 : (long)(ulong)x;

    public static long I64TruncSatF64S(double x) =>
        double.IsNaN(x) ? 0 : x >= 9223372036854775808.0 ? long.MaxValue : x < -9223372036854775808.0 ? long.MinValue : (long)x;

    public static long I64TruncSatF64U(double x) =>
        double.IsNaN(x) || x <= -1.0 ? 0 : x >= 18446744073709551616.0 ? -1 : (long)(ulong)x;

    // Not inlined: the JIT folds (float)(double)x to x, which would skip quieting a signalling NaN.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32DemoteF64(double x) => (float)x;

    public static float F32ConvertI32U(int x) => (float)(long)(uint)x;

    public static double F64ConvertI32U(int x) => (uint)x;

    // Correctly rounded u64 -> float: halve with a sticky bit so the single rounding step stays exact.
    public static float F32ConvertI64U(long x)
    {
        if (x >= 0)
        {
            return x;
        }

        var halved = (long)(((ulong)x >> 1) | ((ulong)x & 1));
        return (float)halved * 2f;
    }

    public static double F64ConvertI64U(long x)
    {
        if (x >= 0)
        {
            return x;
        }

        var halved = (long)(((ulong)x >> 1) | ((ulong)x & 1));
        return (double)halved * 2.0;
    }

    public static float F32ConvertI64S(long x) => x;

    public static float F32ReinterpretI32(int x) => BitConverter.Int32BitsToSingle(x);

    public static double F64ReinterpretI64(long x) => BitConverter.Int64BitsToDouble(x);

    public static int I32ReinterpretF32(float x) => BitConverter.SingleToInt32Bits(x);

    public static long I64ReinterpretF64(double x) => BitConverter.DoubleToInt64Bits(x);

    private static void CheckNaN(double x)
    {
        if (double.IsNaN(x))
        {
            Traps.Throw(Traps.InvalidConversion);
        }
    }
}
