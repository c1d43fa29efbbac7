namespace Wharf.Wasm.Tests.Runtime;

public class SmokeTests
{
    [Fact]
    public void Invoke_AddAndFactorial_ReturnsResults()
    {
        var instance = Wat.Instantiate("""
            (module
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func $fac (export "fac") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (i64.const 1))
                  (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))
            """);
        Assert.Equal(5, instance.CallI32("add", 2, 3));
        Assert.Equal(3628800L, instance.Call("fac", WasmValue.FromI64(10))[0].I64);
    }
}
