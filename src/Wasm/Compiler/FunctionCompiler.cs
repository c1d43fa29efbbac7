using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using Wharf.Wasm.Binary;
using Wharf.Wasm.Runtime;

namespace Wharf.Wasm.Compiler;

/// <summary>
/// Translates one validated function body to IL in a single pass.
/// <para>
/// The wasm operand stack maps onto the IL evaluation stack, with one invariant that keeps every branch
/// target valid IL: the IL stack holds only the operands of the innermost block. Entering a block spills
/// the enclosing block's operands to locals (reloaded after its end), and values carried by a branch travel
/// through per-label locals, so every label is reached with an empty IL stack. Unreachable code after
/// br/return/unreachable is skipped (it is validated, never executed).
/// </para>
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>Functions with at most this many params + locals probe the native stack only every 8th level.</summary>
    private const int SmallFrameLocals = 64;

    /// <summary>…and at most this many bytes of code (long bodies get many JIT temporaries).</summary>
    private const int SmallFrameBodyBytes = 4096;

    /// <summary>
    /// Bodies this large (bytes of wasm) exceed RyuJIT's limits for optimizing a method (IL size, blocks,
    /// locals), so it compiles them with MinOpts, which inlines nothing: their loop polls are emitted as IL.
    /// Memory accesses stay helper calls even then: inline bounds checks add a branch in the middle of an
    /// expression, where MinOpts spills the whole evaluation stack to memory, which measured slower.
    /// </summary>
    internal const int LargeBodyBytes = 16 * 1024;

    /// <summary>Test hook: overrides <see cref="LargeBodyBytes"/> for compilations on this thread.</summary>
    [ThreadStatic]
    internal static int? LargeBodyBytesOverride;

    private readonly ModuleContext _module;
    private readonly int _index;
    private readonly FuncType _type;
    private readonly FunctionBody _body;
    private readonly ILGenerator _il;
    private readonly short _contextArg;
    private readonly ValueType[] _localTypes;
    private readonly LocalBuilder[] _locals;
    private readonly List<ValueType> _stack = [];
    private readonly List<double?> _constant = [];
    private readonly List<Frame> _frames = [];
    private readonly Dictionary<ValueType, Stack<LocalBuilder>> _pool = [];
    private readonly byte[] _code;
    private readonly bool _largeBody;
    private LocalBuilder? _memoryBase;
    private LocalBuilder? _memoryLength;
    private int _pos;
    private int _maxStack;
    private int _temporaries;

    // True after br/br_table/return/unreachable until the end/else that closes the dead region.
    private bool _dead;
    private int _deadNesting;

    public FunctionCompiler(ModuleContext module, int index)
    {
        _module = module;
        _index = index;
        var m = module.Module;
        _type = m.Types[m.FunctionTypes[index]];
        _body = m.Code[index];
        _il = module.Methods[index].GetILGenerator();
        _contextArg = (short)_type.Parameters.Length;
        _localTypes = [.. _type.Parameters, .. _body.Locals];
        _locals = new LocalBuilder[_body.Locals.Length];
        _code = module.Code;
        _largeBody = _body.CodeLength > (LargeBodyBytesOverride ?? LargeBodyBytes);
    }

    public void Compile()
    {
        for (var i = 0; i < _body.Locals.Length; i++)
        {
            _locals[i] = _il.DeclareLocal(ClrType(_body.Locals[i]));
        }

        // Prologue: depth/stack/interrupt checks, then cache the memory base and length.
        LoadContext();
        var small = _localTypes.Length <= SmallFrameLocals && _body.CodeLength <= SmallFrameBodyBytes;
        EmitCall(Helper(typeof(NumericOps), small ? nameof(NumericOps.EnterSmall) : nameof(NumericOps.Enter)));
        if (_module.HasMemory && UsesMemory())
        {
            _memoryBase = _il.DeclareLocal(typeof(byte*));
            _memoryLength = _il.DeclareLocal(typeof(long));
            ReloadMemory();
        }

        _frames.Add(new Frame(FrameKind.Function, [], _type.Results, _il.DefineLabel(), 0));
        _pos = _body.CodeOffset;
        while (_frames.Count > 0)
        {
            var op = _code[_pos++];
            if (_dead)
            {
                SkipDead(op);
            }
            else
            {
                Emit(op);
            }
        }

        // Unreachable padding after the final ret: raises the generator's max-stack above anything the
        // body needs (operand stack plus a few temporaries), since raw-token calls are not stack-tracked.
        for (var i = _maxStack + 16; i > 0; i--)
        {
            _il.Emit(OpCodes.Ldc_I4_0);
        }

        _il.Emit(OpCodes.Ldnull);
        _il.Emit(OpCodes.Throw);
    }

    private static readonly ConcurrentDictionary<(Type Type, string Name), MethodInfo> MethodCache = new();
    private static readonly ConcurrentDictionary<(Type Type, string Name), FieldInfo> FieldCache = new();

    /// <summary>Opcode names by byte, used to find the helper named after an opcode without Enum.ToString.</summary>
    private static readonly string[] OpcodeNames = Enumerable.Range(0, 256).Select(b => ((Opcode)b).ToString()).ToArray();

    private Frame Current => _frames[^1];

    private static Type ClrType(ValueType type) => TypeRegistry.ClrType(type);

    // Reflection lookups are cached: they would otherwise dominate compile time of big modules.
    internal static MethodInfo Helper(Type type, string name) => MethodCache.GetOrAdd((type, name), static key =>
        key.Type.GetMethod(key.Name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
        ?? throw new MissingMethodException(key.Type.Name, key.Name));

    private static MethodInfo Getter(Type type, string name) =>
        MethodCache.GetOrAdd((type, "get_" + name), static (_, arg) => EntryThunks.Getter(arg.type, arg.name), (type, name));

    private static FieldInfo Field(Type type, string name) => FieldCache.GetOrAdd((type, name), static key =>
        key.Type.GetField(key.Name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
        ?? throw new MissingFieldException(key.Type.Name, key.Name));

    /// <summary>
    /// Emits a call through a cached metadata token: <see cref="ILGenerator.Emit(OpCode, MethodInfo)"/> builds a
    /// member reference on every call (microseconds each), which dominated compiling large modules. The
    /// generator cannot size the stack for raw-token calls, so <see cref="Compile"/> pads max-stack at the end.
    /// </summary>
    private void EmitCall(MethodInfo method) => _il.Emit(OpCodes.Call, _module.Token(method));

    private void EmitField(OpCode opcode, FieldInfo field) => _il.Emit(opcode, _module.Token(field));

    // Short encodings keep big functions under the JIT's size limits for optimization.
    private void LoadContext() => LoadArg(_contextArg);

    private void LoadArg(int index)
    {
        switch (index)
        {
            case 0:
                _il.Emit(OpCodes.Ldarg_0);
                break;
            case 1:
                _il.Emit(OpCodes.Ldarg_1);
                break;
            case 2:
                _il.Emit(OpCodes.Ldarg_2);
                break;
            case 3:
                _il.Emit(OpCodes.Ldarg_3);
                break;
            case < 256:
                _il.Emit(OpCodes.Ldarg_S, (byte)index);
                break;
            default:
                _il.Emit(OpCodes.Ldarg, (short)index);
                break;
        }
    }

    private void LoadI32(int value)
    {
        switch (value)
        {
            case >= -1 and <= 8:
                _il.Emit(value switch
                {
                    -1 => OpCodes.Ldc_I4_M1,
                    0 => OpCodes.Ldc_I4_0,
                    1 => OpCodes.Ldc_I4_1,
                    2 => OpCodes.Ldc_I4_2,
                    3 => OpCodes.Ldc_I4_3,
                    4 => OpCodes.Ldc_I4_4,
                    5 => OpCodes.Ldc_I4_5,
                    6 => OpCodes.Ldc_I4_6,
                    7 => OpCodes.Ldc_I4_7,
                    _ => OpCodes.Ldc_I4_8,
                });
                break;
            case >= sbyte.MinValue and <= sbyte.MaxValue:
                _il.Emit(OpCodes.Ldc_I4_S, (sbyte)value);
                break;
            default:
                _il.Emit(OpCodes.Ldc_I4, value);
                break;
        }
    }

    private void LoadI64(long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            LoadI32((int)value);
            _il.Emit(OpCodes.Conv_I8);
        }
        else
        {
            _il.Emit(OpCodes.Ldc_I8, value);
        }
    }

    private void ReloadMemory()
    {
        if (_memoryBase is null)
        {
            return;
        }

        LoadContext();
        EmitField(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Memory)));
        _il.Emit(OpCodes.Dup);
        EmitField(OpCodes.Ldfld, Field(typeof(WasmMemory), nameof(WasmMemory.BasePtr)));
        _il.Emit(OpCodes.Stloc, _memoryBase);
        EmitField(OpCodes.Ldfld, Field(typeof(WasmMemory), nameof(WasmMemory.ByteLength)));
        _il.Emit(OpCodes.Stloc, _memoryLength!);
    }

    // ---- operand type stack -------------------------------------------------------------------

    private void Push(ValueType type, double? constant = null)
    {
        _stack.Add(type);
        if (_stack.Count > _maxStack)
        {
            _maxStack = _stack.Count;
            if (_maxStack > ModuleCompiler.MaxLocals)
            {
                // Every pending operand may become a JIT temporary in the native frame.
                throw new NotSupportedException(
                    $"function {_module.Module.ImportedFunctionCount + _index} has an operand stack deeper than {ModuleCompiler.MaxLocals}");
            }
        }
        _constant.Add(constant);
    }

    private ValueType Pop()
    {
        var type = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        _constant.RemoveAt(_constant.Count - 1);
        return type;
    }

    private ValueType Peek(int depth = 0) => _stack[_stack.Count - 1 - depth];

    /// <summary>The float constant at <paramref name="depth"/>, if that operand was pushed by a const instruction.</summary>
    private double? ConstantAt(int depth) => _constant[_constant.Count - 1 - depth];

    private void Truncate(int height)
    {
        _stack.RemoveRange(height, _stack.Count - height);
        _constant.RemoveRange(height, _constant.Count - height);
    }

    // ---- temporary locals ---------------------------------------------------------------------

    private LocalBuilder Rent(ValueType type)
    {
        if (_pool.TryGetValue(type, out var free) && free.Count > 0)
        {
            return free.Pop();
        }

        // Temporaries (spills, branch values) also live in the native frame: bound them like locals.
        if (++_temporaries > ModuleCompiler.MaxLocals)
        {
            throw new NotSupportedException(
                $"function {_module.Module.ImportedFunctionCount + _index} needs more than {ModuleCompiler.MaxLocals} temporaries");
        }

        return _il.DeclareLocal(ClrType(type));
    }

    private void Return(ValueType type, LocalBuilder local)
    {
        if (!_pool.TryGetValue(type, out var free))
        {
            free = new Stack<LocalBuilder>();
            _pool[type] = free;
        }

        free.Push(local);
    }

    private void ReturnAll(ValueType[] types, LocalBuilder[]? locals)
    {
        if (locals is null)
        {
            return;
        }

        for (var i = 0; i < locals.Length; i++)
        {
            Return(types[i], locals[i]);
        }
    }

    // ---- immediates ---------------------------------------------------------------------------

    private byte ReadByte() => _code[_pos++];

    private uint ReadU32()
    {
        uint result = 0;
        var shift = 0;
        while (true)
        {
            var b = _code[_pos++];
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }

            shift += 7;
        }
    }

    private long ReadSigned()
    {
        long result = 0;
        var shift = 0;
        byte b;
        do
        {
            b = _code[_pos++];
            result |= (long)(b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        if (shift < 64 && (b & 0x40) != 0)
        {
            result |= -1L << shift;
        }

        return result;
    }

    private uint ReadFixed32()
    {
        var value = BitConverter.ToUInt32(_code, _pos);
        _pos += 4;
        return value;
    }

    private ulong ReadFixed64()
    {
        var value = BitConverter.ToUInt64(_code, _pos);
        _pos += 8;
        return value;
    }

    /// <summary>Reads a block type: empty, a single value type, or a type index.</summary>
    private (ValueType[] Params, ValueType[] Results) ReadBlockType()
    {
        var b = _code[_pos];
        if (b == 0x40)
        {
            _pos++;
            return ([], []);
        }

        if (b is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F)
        {
            _pos++;
            if (b == 0x7B)
            {
                throw ModuleCompiler.SimdNotSupported();
            }

            return ([], [(ValueType)b]);
        }

        var type = _module.Module.Types[(int)ReadSigned()];
        return (type.Parameters, type.Results);
    }

    /// <summary>Reads a memarg and returns its offset (the alignment hint does not affect semantics).</summary>
    private long ReadMemArg()
    {
        ReadU32();
        return ReadU32();
    }
}
