namespace Wharf.Wasm.Runtime;

/// <summary>
/// Return slots for functions with two or more results. Such functions return void in IL and write
/// every result here (numbers as raw bits, references in <see cref="Refs"/>); the caller reads them
/// right after the call. Thread-static, so instances on different threads do not interfere.
/// </summary>
internal static class MultiValue
{
    /// <summary>Most results a function type may have for this engine.</summary>
    public const int Capacity = 1024;

    [ThreadStatic]
    private static long[]? _bits;

    [ThreadStatic]
    private static object?[]? _refs;

    public static long[] Bits => _bits ??= new long[Capacity];

    public static object?[] Refs => _refs ??= new object?[Capacity];
}
