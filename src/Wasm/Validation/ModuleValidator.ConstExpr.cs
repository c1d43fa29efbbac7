using Wharf.Wasm.Binary;
using Wharf.Wasm.Binary.Sections;

namespace Wharf.Wasm.Validation;

internal static partial class ModuleValidator
{
    /// <summary>
    /// Constant expressions, Wasm 2.0 rules (https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions):
    /// only t.const, ref.null, ref.func and global.get of an imported immutable global, producing exactly one value of the expected type.
    /// </summary>
    private static void CheckConstExpr(ModuleContext c, ConstExpr expr, ValueType expected)
    {
        // Constness of every instruction is checked before the types, as the reference interpreter does.
        foreach (var instr in expr.Instructions)
        {
            switch (instr.Opcode)
            {
                case (byte)Opcode.I32Const or (byte)Opcode.I64Const or (byte)Opcode.F32Const or (byte)Opcode.F64Const
                    or (byte)Opcode.RefNull or ConstExprDecoder.V128Const:
                    break;
                case (byte)Opcode.RefFunc:
                    c.FunctionType((uint)instr.Operand);
                    break;
                case (byte)Opcode.GlobalGet:
                    var index = (uint)instr.Operand;
                    if (index >= (uint)c.Module.ImportedGlobalCount)
                    {
                        throw new WasmInvalidException($"unknown global {index}");
                    }

                    if (c.Global(index).Mutable)
                    {
                        throw new WasmInvalidException("constant expression required");
                    }

                    break;
                default:
                    throw new WasmInvalidException("constant expression required");
            }
        }

        if (expr.Instructions.Length != 1 || TypeOf(c, expr.Instructions[0]) != expected)
        {
            throw new WasmInvalidException("type mismatch");
        }
    }

    private static ValueType TypeOf(ModuleContext c, ConstInstr instr) => instr.Opcode switch
    {
        (byte)Opcode.I32Const => ValueType.I32,
        (byte)Opcode.I64Const => ValueType.I64,
        (byte)Opcode.F32Const => ValueType.F32,
        (byte)Opcode.F64Const => ValueType.F64,
        ConstExprDecoder.V128Const => ValueType.V128,
        (byte)Opcode.RefNull => (ValueType)instr.Operand,
        (byte)Opcode.RefFunc => ValueType.FuncRef,
        _ => c.Global((uint)instr.Operand).Type,
    };
}
