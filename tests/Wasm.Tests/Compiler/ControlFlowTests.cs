using Wharf.Wasm.Tests.Runtime;

namespace Wharf.Wasm.Tests.Compiler;

public class ControlFlowTests
{
    private static readonly WasmInstance Instance = Wat.Instantiate("""
        (module
          ;; A value below the block stays put while br carries another value out.
          (func (export "spill") (param i32) (result i32)
            (i32.add (i32.const 100)
              (block (result i32)
                (i32.const 7)
                (br_if 0 (i32.const 1) (local.get 0))
                (drop)
                (drop)
                (i32.const 2))))
          (func (export "switch") (param i32) (result i32)
            (block $d
              (block $b
                (block $a
                  (br_table $a $b $d (local.get 0)))
                (return (i32.const 20)))
              (return (i32.const 10)))
            (i32.const 30))
          (func (export "switch_value") (param i32) (result i32)
            (i32.add (i32.const 1000)
              (block $x (result i32)
                (block $y (result i32)
                  (br_table $x $y $x (i32.const 5) (i32.const 7) (local.get 0)))
                (i32.add (i32.const 100)))))
          ;; loop with params, re-entered by br with two values: sums n..1
          (func (export "sum") (param $n i32) (result i32)
            (i32.const 0) (local.get $n)
            (loop $l (param i32 i32) (result i32)
              (local.set $n)
              (i32.add (local.get $n))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (if (param i32) (result i32) (local.get $n)
                (then (local.get $n) (br $l))
                (else))))
          (func $swap (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
          (func (export "swap_sub") (param i32 i32) (result i32)
            (call $swap (local.get 0) (local.get 1))
            (i32.sub))
          (func (export "if_params") (param i32) (result i32)
            (i32.const 5)
            (if (param i32) (result i32) (local.get 0)
              (then (i32.const 1) (i32.add))))
          (func (export "select") (param i32) (result i64)
            (select (i64.const 1) (i64.const 2) (local.get 0)))
          (func (export "count") (param i32) (result i32) (local i32)
            (block $exit
              (loop $top
                (br_if $exit (i32.ge_s (local.get 1) (local.get 0)))
                (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (br $top)))
            (local.get 1))
          (func (export "unreachable") (result i32)
            (block (result i32) (unreachable))))
        """);

    [Theory]
    [InlineData(0, 102)]
    [InlineData(1, 101)]
    public void BrIf_ValueBelowBlock_IsPreserved(int condition, int expected) =>
        Assert.Equal(expected, Instance.CallI32("spill", condition));

    [Theory]
    [InlineData(0, 20)]
    [InlineData(1, 10)]
    [InlineData(2, 30)]
    [InlineData(99, 30)]
    public void BrTable_Index_SelectsTarget(int index, int expected) =>
        Assert.Equal(expected, Instance.CallI32("switch", index));

    [Theory]
    [InlineData(0, 1007)]
    [InlineData(1, 1107)]
    [InlineData(5, 1007)]
    public void BrTable_CarriedValueWithExtraBelow_Arrives(int index, int expected) =>
        Assert.Equal(expected, Instance.CallI32("switch_value", index));

    [Fact]
    public void MultiValue_CallResults_ArriveInOrder() =>
        Assert.Equal(2, Instance.CallI32("swap_sub", 3, 5));

    [Theory]
    [InlineData(1, 6)]
    [InlineData(0, 5)]
    public void IfWithoutElse_Params_PassThrough(int condition, int expected) =>
        Assert.Equal(expected, Instance.CallI32("if_params", condition));

    [Fact]
    public void Select_Condition_PicksOperand()
    {
        Assert.Equal(1L, Instance.Call("select", WasmValue.FromI32(1))[0].I64);
        Assert.Equal(2L, Instance.Call("select", WasmValue.FromI32(0))[0].I64);
    }

    [Fact]
    public void Loop_BackEdge_Counts() => Assert.Equal(1000, Instance.CallI32("count", 1000));

    [Fact]
    public void LoopWithParams_BranchCarriesValues() => Assert.Equal(5050, Instance.CallI32("sum", 100));

    [Fact]
    public void Unreachable_Traps() =>
        Assert.Equal("unreachable", Assert.Throws<WasmTrapException>(() => Instance.Call("unreachable")).Message);
}
