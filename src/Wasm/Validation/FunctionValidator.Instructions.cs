using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    private void ValidateInstructions(ref WasmReader reader)
    {
        while (true)
        {
            _instructionStart = reader.Position;
            var op = reader.ReadByte();
            if (op is >= 0x45 and <= 0xC4)
            {
                ValidateNumeric(op);
                continue;
            }

            switch ((Opcode)op)
            {
                case Opcode.Unreachable:
                    MarkUnreachable();
                    break;
                case Opcode.Nop:
                    break;
                case Opcode.Block or Opcode.Loop or Opcode.If:
                    var (startTypes, endTypes) = ReadBlockType(ref reader);
                    if (op == (byte)Opcode.If)
                    {
                        Pop(ValueType.I32);
                    }

                    PopAll(startTypes);
                    PushFrame((Opcode)op, startTypes, endTypes);
                    break;
                case Opcode.Else:
                    if (_frames[_frameCount - 1].Kind != Opcode.If)
                    {
                        throw WasmReader.Malformed("END opcode expected", _instructionStart);
                    }

                    var ifFrame = PopFrame();
                    PushFrame(Opcode.Else, ifFrame.StartTypes, ifFrame.EndTypes);
                    break;
                case Opcode.End:
                    var frame = PopFrame();
                    if (frame.Kind == Opcode.If && !frame.StartTypes.AsSpan().SequenceEqual(frame.EndTypes))
                    {
                        throw TypeMismatch();
                    }

                    if (_frameCount == 0)
                    {
                        return;
                    }

                    PushAll(frame.EndTypes);
                    break;
                case Opcode.Br:
                    PopAll(Label(reader.ReadU32()).LabelTypes);
                    MarkUnreachable();
                    break;
                case Opcode.BrIf:
                    var brIfLabel = Label(reader.ReadU32()).LabelTypes;
                    Pop(ValueType.I32);
                    PopAll(brIfLabel);
                    PushAll(brIfLabel);
                    break;
                case Opcode.BrTable:
                    ValidateBrTable(ref reader);
                    break;
                case Opcode.Return:
                    PopAll(_results);
                    MarkUnreachable();
                    break;
                case Opcode.Call:
                    var callee = FunctionType(reader.ReadU32());
                    PopAll(callee.Parameters);
                    PushAll(callee.Results);
                    break;
                case Opcode.CallIndirect:
                    ValidateCallIndirect(ref reader);
                    break;
                case Opcode.Drop:
                    PopAny();
                    break;
                case Opcode.Select:
                    ValidateSelect();
                    break;
                case Opcode.SelectTyped:
                    ValidateTypedSelect(ref reader);
                    break;
                case Opcode.LocalGet:
                    Push(Local(reader.ReadU32()));
                    break;
                case Opcode.LocalSet:
                    Pop(Local(reader.ReadU32()));
                    break;
                case Opcode.LocalTee:
                    var teeType = Local(reader.ReadU32());
                    Pop(teeType);
                    Push(teeType);
                    break;
                case Opcode.GlobalGet:
                    Push(Global(reader.ReadU32()).Type);
                    break;
                case Opcode.GlobalSet:
                    var global = Global(reader.ReadU32());
                    if (!global.Mutable)
                    {
                        throw Invalid("global is immutable");
                    }

                    Pop(global.Type);
                    break;
                case Opcode.TableGet:
                    var getType = Table(reader.ReadU32()).ElementType;
                    Pop(ValueType.I32);
                    Push(getType);
                    break;
                case Opcode.TableSet:
                    var setType = Table(reader.ReadU32()).ElementType;
                    Pop(setType);
                    Pop(ValueType.I32);
                    break;
                case >= Opcode.I32Load and <= Opcode.I64Store32:
                    ValidateMemoryAccess(ref reader, (Opcode)op);
                    break;
                case Opcode.MemorySize:
                    reader.ReadZeroByte();
                    RequireMemory();
                    Push(ValueType.I32);
                    break;
                case Opcode.MemoryGrow:
                    reader.ReadZeroByte();
                    RequireMemory();
                    Unary(ValueType.I32, ValueType.I32);
                    break;
                case Opcode.I32Const:
                    reader.ReadS32();
                    Push(ValueType.I32);
                    break;
                case Opcode.I64Const:
                    reader.ReadS64();
                    Push(ValueType.I64);
                    break;
                case Opcode.F32Const:
                    reader.ReadBytes(4);
                    Push(ValueType.F32);
                    break;
                case Opcode.F64Const:
                    reader.ReadBytes(8);
                    Push(ValueType.F64);
                    break;
                case Opcode.RefNull:
                    Push(reader.ReadRefType());
                    break;
                case Opcode.RefIsNull:
                    if (!IsReference(PopAny()))
                    {
                        throw TypeMismatch();
                    }

                    Push(ValueType.I32);
                    break;
                case Opcode.RefFunc:
                    ValidateRefFunc(reader.ReadU32());
                    break;
                case Opcode.MiscPrefix:
                    ValidateMisc(ref reader);
                    break;
                case Opcode.SimdPrefix:
                    ValidateSimd(ref reader);
                    break;
                default:
                    throw WasmReader.Malformed("illegal opcode", _instructionStart);
            }
        }
    }

    private (ValueType[] Start, ValueType[] End) ReadBlockType(ref WasmReader reader)
    {
        var blockType = InstructionScanner.ReadBlockType(ref reader);
        if (blockType == -1)
        {
            return ([], []);
        }

        if (blockType < -1)
        {
            return ([], SingleTypes[(byte)(-2 - blockType)]);
        }

        if (blockType >= _module.Types.Length)
        {
            throw Invalid($"unknown type {blockType}");
        }

        var type = _module.Types[blockType];
        return (type.Parameters, type.Results);
    }

    private void ValidateBrTable(ref WasmReader reader)
    {
        var count = reader.ReadCount();

        // The default label comes last but fixes the arity: read it first, then revisit the targets.
        var targetsStart = reader.Position;
        for (var i = 0; i < count; i++)
        {
            reader.ReadU32();
        }

        var defaultLabel = Label(reader.ReadU32()).LabelTypes;
        var end = reader.Position;
        Pop(ValueType.I32);
        reader.Position = targetsStart;
        Span<ValueType> popped = stackalloc ValueType[16];
        for (var i = 0; i < count; i++)
        {
            var label = Label(reader.ReadU32()).LabelTypes;
            if (label.Length != defaultLabel.Length)
            {
                throw TypeMismatch();
            }

            // push_vals(pop_vals(label)): keeps Unknown operands unknown for the next target.
            var buffer = label.Length <= popped.Length ? popped[..label.Length] : new ValueType[label.Length];
            for (var j = label.Length - 1; j >= 0; j--)
            {
                buffer[j] = Pop(label[j]);
            }

            foreach (var type in buffer)
            {
                Push(type);
            }
        }

        reader.Position = end;
        PopAll(defaultLabel);
        MarkUnreachable();
    }

    private void ValidateCallIndirect(ref WasmReader reader)
    {
        var typeIndex = reader.ReadU32();
        var table = Table(reader.ReadU32());
        if (table.ElementType != ValueType.FuncRef)
        {
            throw TypeMismatch();
        }

        if (typeIndex >= (uint)_module.Types.Length)
        {
            throw Invalid($"unknown type {typeIndex}");
        }

        var type = _module.Types[typeIndex];
        Pop(ValueType.I32);
        PopAll(type.Parameters);
        PushAll(type.Results);
    }

    private void ValidateSelect()
    {
        Pop(ValueType.I32);
        var t1 = PopAny();
        var t2 = PopAny();
        var bothNumeric = IsNumeric(t1) && IsNumeric(t2);
        var bothVector = (t1 is ValueType.V128 or Unknown) && (t2 is ValueType.V128 or Unknown);
        if (!bothNumeric && !bothVector)
        {
            throw TypeMismatch();
        }

        if (t1 != t2 && t1 != Unknown && t2 != Unknown)
        {
            throw TypeMismatch();
        }

        Push(t1 == Unknown ? t2 : t1);
    }

    private void ValidateTypedSelect(ref WasmReader reader)
    {
        var count = reader.ReadCount();
        var type = Unknown;
        for (var i = 0; i < count; i++)
        {
            type = reader.ReadValueType();
        }

        if (count != 1)
        {
            throw Invalid("invalid result arity");
        }

        Pop(ValueType.I32);
        Pop(type);
        Pop(type);
        Push(type);
    }

    private void ValidateRefFunc(uint index)
    {
        FunctionType(index);
        if (!_context.IsDeclared(index))
        {
            throw Invalid("undeclared function reference");
        }

        Push(ValueType.FuncRef);
    }

    private ValueType Local(uint index) =>
        index < (uint)_localCount ? _locals[index] : throw Invalid($"unknown local {index}");

    private FuncType FunctionType(uint index) =>
        index < (uint)_context.FunctionCount ? _context.FunctionType(index) : throw Invalid($"unknown function {index}");

    private GlobalType Global(uint index) =>
        index < (uint)_context.GlobalCount ? _context.Global(index) : throw Invalid($"unknown global {index}");

    private TableType Table(uint index) =>
        index < (uint)_context.TableCount ? _context.Table(index) : throw Invalid($"unknown table {index}");

    private void RequireMemory()
    {
        if (_module.TotalMemoryCount == 0)
        {
            throw Invalid("unknown memory 0");
        }
    }
}
