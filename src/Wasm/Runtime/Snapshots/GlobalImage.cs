namespace Wharf.Wasm.Runtime.Snapshots;

/// <summary>The value of one global defined by the module, in <see cref="WasmGlobal"/>'s own representation
/// (numeric bits; references encoded by <see cref="ReferenceMap"/>; a boxed v128, which is immutable).</summary>
internal readonly record struct GlobalImage(ValueType Type, bool Mutable, long Bits, object? Reference)
{
    public static GlobalImage Capture(WasmGlobal global, ReferenceMap references) =>
        new(global.Type, global.Mutable, global.Bits, global.Type == ValueType.V128 ? global.RefValue : references.Encode(global.RefValue));

    public WasmGlobal Restore(InstanceContext target)
    {
        var global = new WasmGlobal(Type, Mutable, WasmValue.Default(Type))
        {
            Bits = Bits,
            RefValue = Type == ValueType.V128 ? Reference : ReferenceMap.Decode(Reference, target),
        };
        return global;
    }
}
