using Wharf.Wasm.Tests.Runtime;

namespace Wharf.Wasm.Tests.Compiler;

public class ArithmeticTests
{
    private static readonly WasmInstance Instance = Wat.Instantiate("""
        (module
          (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
          (func (export "div_u64") (param i64 i64) (result i64) (i64.div_u (local.get 0) (local.get 1)))
          (func (export "shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
          (func (export "shr_u64") (param i64 i64) (result i64) (i64.shr_u (local.get 0) (local.get 1)))
          (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
          (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0)))
          (func (export "ctz64") (param i64) (result i64) (i64.ctz (local.get 0)))
          (func (export "trunc_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
          (func (export "trunc_f64_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
          (func (export "trunc_sat_f32_s") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
          (func (export "trunc_sat_f64_u64") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
          (func (export "nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
          (func (export "min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
          (func (export "max64") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1)))
          (func (export "copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
          (func (export "add_zero") (param f32) (result f32) (f32.add (local.get 0) (f32.const 0)))
          (func (export "mul_one64") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 1)))
          (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
          (func (export "u64_to_f32") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
          (func (export "i64_to_f32") (param i64) (result f32) (f32.convert_i64_s (local.get 0)))
          (func (export "extend8") (param i32) (result i32) (i32.extend8_s (local.get 0)))
          (func (export "extend32") (param i64) (result i64) (i64.extend32_s (local.get 0)))
          (func (export "le_nan") (param f64 f64) (result i32) (f64.le (local.get 0) (local.get 1)))
          (func (export "ne_nan") (param f32 f32) (result i32) (f32.ne (local.get 0) (local.get 1))))
        """);

    private static WasmValue Call(string name, params WasmValue[] args) => Instance.Call(name, args)[0];

    private static WasmValue I32(int v) => WasmValue.FromI32(v);

    private static WasmValue I64(long v) => WasmValue.FromI64(v);

    private static WasmValue F32(float v) => WasmValue.FromF32(v);

    private static WasmValue F64(double v) => WasmValue.FromF64(v);

    private static string TrapOf(string name, params WasmValue[] args) =>
        Assert.Throws<WasmTrapException>(() => Instance.Call(name, args)).Message;

    [Fact]
    public void DivS_ByZeroOrOverflow_Traps()
    {
        Assert.Equal("integer divide by zero", TrapOf("div_s", I32(1), I32(0)));
        Assert.Equal("integer overflow", TrapOf("div_s", I32(int.MinValue), I32(-1)));
        Assert.Equal(-3, Call("div_s", I32(-7), I32(2)).I32);
    }

    [Fact]
    public void RemS_MinByMinusOne_ReturnsZero()
    {
        Assert.Equal(0, Call("rem_s", I32(int.MinValue), I32(-1)).I32);
        Assert.Equal(-1, Call("rem_s", I32(-7), I32(2)).I32);
        Assert.Equal("integer divide by zero", TrapOf("rem_s", I32(1), I32(0)));
    }

    [Fact]
    public void DivU64_LargeOperands_Unsigned() =>
        Assert.Equal(long.MaxValue, Call("div_u64", I64(-1), I64(2)).I64);

    [Fact]
    public void Shifts_CountAboveWidth_TakenModuloWidth()
    {
        Assert.Equal(2, Call("shl", I32(1), I32(33)).I32);
        Assert.Equal(1L, Call("shr_u64", I64(long.MinValue), I64(127)).I64);
        Assert.Equal(1, Call("rotl", I32(int.MinValue), I32(33)).I32);
    }

    [Fact]
    public void BitCounts_Zero_ReturnWidth()
    {
        Assert.Equal(32, Call("clz", I32(0)).I32);
        Assert.Equal(64L, Call("ctz64", I64(0)).I64);
    }

    [Fact]
    public void Trunc_NaNOrOutOfRange_Traps()
    {
        Assert.Equal("invalid conversion to integer", TrapOf("trunc_f32_s", F32(float.NaN)));
        Assert.Equal("integer overflow", TrapOf("trunc_f32_s", F32(2147483648f)));
        Assert.Equal(int.MinValue, Call("trunc_f32_s", F32(-2147483648f)).I32);
        Assert.Equal("integer overflow", TrapOf("trunc_f64_u", F64(-1.0)));
        Assert.Equal(0, Call("trunc_f64_u", F64(-0.9)).I32);
        Assert.Equal(-1, Call("trunc_f64_u", F64(4294967295.0)).I32);
    }

    [Fact]
    public void TruncSat_OutOfRange_Saturates()
    {
        Assert.Equal(int.MaxValue, Call("trunc_sat_f32_s", F32(1e20f)).I32);
        Assert.Equal(0, Call("trunc_sat_f32_s", F32(float.NaN)).I32);
        Assert.Equal(-1L, Call("trunc_sat_f64_u64", F64(1e30)).I64);
        Assert.Equal(0L, Call("trunc_sat_f64_u64", F64(-5)).I64);
    }

    [Fact]
    public void Nearest_Ties_RoundToEven()
    {
        Assert.Equal(2.0, Call("nearest", F64(2.5)).F64);
        Assert.Equal(4.0, Call("nearest", F64(3.5)).F64);
        Assert.True(double.IsNegative(Call("nearest", F64(-0.5)).F64));
    }

    [Fact]
    public void MinMax_SignedZerosAndNaN_FollowSpec()
    {
        Assert.True(float.IsNegative(Call("min", F32(0f), F32(-0f)).F32));
        Assert.False(double.IsNegative(Call("max64", F64(-0.0), F64(0.0)).F64));
        Assert.True(float.IsNaN(Call("min", F32(float.NaN), F32(1f)).F32));
        Assert.True(double.IsNaN(Call("max64", F64(1), F64(double.NaN)).F64));
    }

    [Fact]
    public void SignOps_NaNPayload_Preserved()
    {
        const int payload = 0x7FA0_0001; // a signalling NaN
        Assert.Equal(payload | int.MinValue, Call("neg", WasmValue.FromF32Bits(payload)).F32Bits);
        Assert.Equal(payload | int.MinValue, Call("copysign", WasmValue.FromF32Bits(payload), F32(-1f)).F32Bits);
    }

    [Fact]
    public void ArithmeticWithConstant_SignallingNaN_IsQuieted()
    {
        var f32 = Call("add_zero", WasmValue.FromF32Bits(0x7FA0_0000)).F32Bits;
        Assert.Equal(0x7FC0_0000, f32 & 0x7FC0_0000);
        var f64 = Call("mul_one64", WasmValue.FromF64Bits(0x7FF4_0000_0000_0000)).F64Bits;
        Assert.Equal(0x7FF8_0000_0000_0000, f64 & 0x7FF8_0000_0000_0000);
    }

    [Fact]
    public void ConvertI64ToF32_RoundsOnce()
    {
        Assert.Equal(9007199791611905f, Call("i64_to_f32", I64(9007199791611905)).F32);
        Assert.Equal(18446744073709551616f, Call("u64_to_f32", I64(-1)).F32);
        Assert.Equal(9223373136366403584f, Call("u64_to_f32", I64(unchecked((long)0x8000_0080_0000_0001))).F32);
    }

    [Fact]
    public void SignExtension_Narrow_Extends()
    {
        Assert.Equal(-128, Call("extend8", I32(0x180)).I32);
        Assert.Equal(-1L, Call("extend32", I64(0xFFFF_FFFF)).I64);
    }

    [Fact]
    public void Compare_NaN_IsUnordered()
    {
        Assert.Equal(0, Call("le_nan", F64(double.NaN), F64(1)).I32);
        Assert.Equal(1, Call("ne_nan", F32(float.NaN), F32(float.NaN)).I32);
    }
}
