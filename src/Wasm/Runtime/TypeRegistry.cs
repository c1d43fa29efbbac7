using System.Collections.Concurrent;
using System.Linq.Expressions;
using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Runtime;

/// <summary>
/// Process-wide canonical ids of function types (compared by <c>call_indirect</c> across modules)
/// and the CLR delegate type of each signature: <c>(params…, InstanceContext) → result</c>.
/// </summary>
internal static class TypeRegistry
{
    private static readonly ConcurrentDictionary<FuncType, int> Ids = new();
    private static readonly ConcurrentDictionary<FuncType, Type> Delegates = new();
    private static int _nextId;

    public static int GetId(FuncType type) => Ids.GetOrAdd(type, _ => Interlocked.Increment(ref _nextId));

    public static Type GetDelegateType(FuncType type) => Delegates.GetOrAdd(type, t =>
    {
        var types = new Type[t.Parameters.Length + 2];
        for (var i = 0; i < t.Parameters.Length; i++)
        {
            types[i] = ClrType(t.Parameters[i]);
        }

        types[^2] = typeof(InstanceContext);
        types[^1] = ReturnType(t);
        return Expression.GetDelegateType(types);
    });

    /// <summary>The CLR return type: the single result, else void (multiple results go through <see cref="MultiValue"/>).</summary>
    public static Type ReturnType(FuncType type) => type.Results.Length == 1 ? ClrType(type.Results[0]) : typeof(void);

    public static Type ClrType(ValueType type) => type switch
    {
        ValueType.I32 => typeof(int),
        ValueType.I64 => typeof(long),
        ValueType.F32 => typeof(float),
        ValueType.F64 => typeof(double),
        ValueType.FuncRef or ValueType.ExternRef => typeof(object),
        _ => throw new NotSupportedException("SIMD execution is not supported"),
    };

    public static bool IsRef(ValueType type) => type is ValueType.FuncRef or ValueType.ExternRef;
}
