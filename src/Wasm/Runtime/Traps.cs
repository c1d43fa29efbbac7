using System.Diagnostics.CodeAnalysis;

namespace Wharf.Wasm.Runtime;

/// <summary>Throw helpers kept out of line so the hot helpers that call them stay inlinable.</summary>
internal static class Traps
{
    public const string OutOfBoundsMemory = "out of bounds memory access";
    public const string OutOfBoundsTable = "out of bounds table access";
    public const string DivideByZero = "integer divide by zero";
    public const string IntegerOverflow = "integer overflow";
    public const string InvalidConversion = "invalid conversion to integer";

    [DoesNotReturn]
    public static void Throw(string message) => throw new WasmTrapException(message);

    [DoesNotReturn]
    public static void MemoryOutOfBounds() => throw new WasmTrapException(OutOfBoundsMemory);

    [DoesNotReturn]
    public static void TableOutOfBounds() => throw new WasmTrapException(OutOfBoundsTable);

    [DoesNotReturn]
    public static void CallStackExhausted() => throw new WasmTrapException("call stack exhausted");
}
