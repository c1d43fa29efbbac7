using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>Operand and result types of opcodes 0x45..0xC4 (comparisons, arithmetic, conversions).</summary>
    private static readonly NumericSignature[] NumericSignatures = BuildNumericSignatures();

    private void ValidateNumeric(byte op)
    {
        var signature = NumericSignatures[op - 0x45];
        Pop(signature.Input);
        if (signature.Binary)
        {
            Pop(signature.Input);
        }

        Push(signature.Output);
    }

    private static NumericSignature[] BuildNumericSignatures()
    {
        const ValueType I32 = ValueType.I32, I64 = ValueType.I64, F32 = ValueType.F32, F64 = ValueType.F64;
        var table = new NumericSignature[0xC4 - 0x45 + 1];

        void Set(int first, int last, ValueType input, ValueType output, bool binary)
        {
            for (var op = first; op <= last; op++)
            {
                table[op - 0x45] = new NumericSignature(input, output, binary);
            }
        }

        Set(0x45, 0x45, I32, I32, false); // i32.eqz
        Set(0x46, 0x4F, I32, I32, true);
        Set(0x50, 0x50, I64, I32, false); // i64.eqz
        Set(0x51, 0x5A, I64, I32, true);
        Set(0x5B, 0x60, F32, I32, true);
        Set(0x61, 0x66, F64, I32, true);
        Set(0x67, 0x69, I32, I32, false);
        Set(0x6A, 0x78, I32, I32, true);
        Set(0x79, 0x7B, I64, I64, false);
        Set(0x7C, 0x8A, I64, I64, true);
        Set(0x8B, 0x91, F32, F32, false);
        Set(0x92, 0x98, F32, F32, true);
        Set(0x99, 0x9F, F64, F64, false);
        Set(0xA0, 0xA6, F64, F64, true);
        Set(0xA7, 0xA7, I64, I32, false); // i32.wrap_i64
        Set(0xA8, 0xA9, F32, I32, false);
        Set(0xAA, 0xAB, F64, I32, false);
        Set(0xAC, 0xAD, I32, I64, false);
        Set(0xAE, 0xAF, F32, I64, false);
        Set(0xB0, 0xB1, F64, I64, false);
        Set(0xB2, 0xB3, I32, F32, false);
        Set(0xB4, 0xB5, I64, F32, false);
        Set(0xB6, 0xB6, F64, F32, false);
        Set(0xB7, 0xB8, I32, F64, false);
        Set(0xB9, 0xBA, I64, F64, false);
        Set(0xBB, 0xBB, F32, F64, false);
        Set(0xBC, 0xBC, F32, I32, false); // reinterpretations
        Set(0xBD, 0xBD, F64, I64, false);
        Set(0xBE, 0xBE, I32, F32, false);
        Set(0xBF, 0xBF, I64, F64, false);
        Set(0xC0, 0xC1, I32, I32, false); // sign extension
        Set(0xC2, 0xC4, I64, I64, false);
        return table;
    }

    private void ValidateMemoryAccess(ref WasmReader reader, Opcode op)
    {
        var align = reader.ReadU32();
        reader.ReadU32();
        RequireMemory();
        var (natural, type, isStore) = op switch
        {
            Opcode.I32Load => (2, ValueType.I32, false),
            Opcode.I64Load => (3, ValueType.I64, false),
            Opcode.F32Load => (2, ValueType.F32, false),
            Opcode.F64Load => (3, ValueType.F64, false),
            Opcode.I32Load8S or Opcode.I32Load8U => (0, ValueType.I32, false),
            Opcode.I32Load16S or Opcode.I32Load16U => (1, ValueType.I32, false),
            Opcode.I64Load8S or Opcode.I64Load8U => (0, ValueType.I64, false),
            Opcode.I64Load16S or Opcode.I64Load16U => (1, ValueType.I64, false),
            Opcode.I64Load32S or Opcode.I64Load32U => (2, ValueType.I64, false),
            Opcode.I32Store => (2, ValueType.I32, true),
            Opcode.I64Store => (3, ValueType.I64, true),
            Opcode.F32Store => (2, ValueType.F32, true),
            Opcode.F64Store => (3, ValueType.F64, true),
            Opcode.I32Store8 => (0, ValueType.I32, true),
            Opcode.I32Store16 => (1, ValueType.I32, true),
            Opcode.I64Store8 => (0, ValueType.I64, true),
            Opcode.I64Store16 => (1, ValueType.I64, true),
            _ => (2, ValueType.I64, true), // i64.store32
        };
        CheckAlignment(align, natural);
        if (isStore)
        {
            Pop(type);
            Pop(ValueType.I32);
        }
        else
        {
            Unary(ValueType.I32, type);
        }
    }

    private void CheckAlignment(uint align, int natural)
    {
        if (align > (uint)natural)
        {
            throw Invalid("alignment must not be larger than natural");
        }
    }

    private readonly record struct NumericSignature(ValueType Input, ValueType Output, bool Binary);
}
