using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Validation;

/// <summary>
/// Validates function bodies with the single-pass algorithm of
/// https://webassembly.github.io/spec/core/appendix/algorithm.html: an operand stack of value
/// types (with <see cref="Unknown"/> for the polymorphic stack after unconditional branches) and a
/// control stack of frames. One instance is reused for every function of a module, so validating
/// allocates nothing per instruction.
/// </summary>
internal sealed partial class FunctionValidator
{
    /// <summary>The "Unknown" operand type of unreachable code (no real value type encodes as 0).</summary>
    private const ValueType Unknown = 0;

    private static readonly ValueType[][] SingleTypes = BuildSingleTypes();

    private readonly ModuleContext _context;
    private readonly Module _module;
    private readonly bool _hasDataCount;
    private ValueType[] _values = new ValueType[64];
    private int _valueCount;
    private int _maxHeight;
    private ControlFrame[] _frames = new ControlFrame[16];
    private int _frameCount;
    private ValueType[] _locals = new ValueType[64];
    private int _localCount;
    private ValueType[] _results = [];
    private int _functionIndex;
    private int _instructionStart;

    public FunctionValidator(ModuleContext context)
    {
        _context = context;
        _module = context.Module;
        _hasDataCount = InstructionScanner.DataCountSatisfied(_module);
    }

    /// <summary>Validates defined function <paramref name="definedIndex"/>; returns its maximum operand-stack height.</summary>
    public int Validate(int definedIndex)
    {
        var body = _module.Code[definedIndex];
        var type = _module.Types[_module.FunctionTypes[definedIndex]];
        _functionIndex = _module.ImportedFunctionCount + definedIndex;
        _localCount = type.Parameters.Length + body.Locals.Length;
        if (_locals.Length < _localCount)
        {
            _locals = new ValueType[Math.Max(_localCount, _locals.Length * 2)];
        }

        type.Parameters.CopyTo(_locals, 0);
        body.Locals.CopyTo(_locals, type.Parameters.Length);
        _results = type.Results;
        _valueCount = 0;
        _maxHeight = 0;
        _frameCount = 0;
        PushFrame(Opcode.Block, [], type.Results);

        var reader = new WasmReader(_module.Bytes.Span, body.CodeOffset);
        ValidateInstructions(ref reader);
        reader.ExpectConsumed(body.CodeOffset + body.CodeLength, body.CodeOffset);
        return _maxHeight;
    }

    private WasmInvalidException Invalid(string message) => new(message, _functionIndex, _instructionStart);

    private WasmInvalidException TypeMismatch() => Invalid("type mismatch");

    private static ValueType[][] BuildSingleTypes()
    {
        var singles = new ValueType[256][];
        foreach (var type in Enum.GetValues<ValueType>())
        {
            singles[(byte)type] = [type];
        }

        return singles;
    }

    private static bool IsNumeric(ValueType t) => t is ValueType.I32 or ValueType.I64 or ValueType.F32 or ValueType.F64 or Unknown;

    private static bool IsReference(ValueType t) => t is ValueType.FuncRef or ValueType.ExternRef or Unknown;

    /// <summary>An entry of the control stack.</summary>
    private struct ControlFrame
    {
        public Opcode Kind;
        public ValueType[] StartTypes;
        public ValueType[] EndTypes;
        public int Height;
        public bool Unreachable;

        public readonly ValueType[] LabelTypes => Kind == Opcode.Loop ? StartTypes : EndTypes;
    }
}
