using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Runtime;

/// <summary>Evaluates constant expressions (global initialisers, segment offsets and element items)
/// at instantiation (https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions).</summary>
internal static class ConstEval
{
    public static WasmValue Evaluate(ConstExpr expr, InstanceContext context, IReadOnlyList<WasmGlobal?> globals)
    {
        var stack = new Stack<WasmValue>();
        foreach (var instr in expr.Instructions)
        {
            var op = instr.Operand;
            switch (instr.Opcode)
            {
                case (ushort)Opcode.I32Const:
                    stack.Push(WasmValue.FromI32((int)op));
                    break;
                case (ushort)Opcode.I64Const:
                    stack.Push(WasmValue.FromI64((long)op));
                    break;
                case (ushort)Opcode.F32Const:
                    stack.Push(WasmValue.FromF32Bits((int)op));
                    break;
                case (ushort)Opcode.F64Const:
                    stack.Push(WasmValue.FromF64Bits((long)op));
                    break;
                case (ushort)Opcode.RefNull:
                    stack.Push(WasmValue.FromRef((ValueType)op, null));
                    break;
                case (ushort)Opcode.RefFunc:
                    stack.Push(WasmValue.FromRef(ValueType.FuncRef, context.GetFunction((int)op)));
                    break;
                case (ushort)Opcode.GlobalGet:
                    stack.Push(globals[(int)op]!.Value);
                    break;
                case (ushort)Opcode.I32Add:
                case (ushort)Opcode.I32Sub:
                case (ushort)Opcode.I32Mul:
                {
                    var b = stack.Pop().I32;
                    var a = stack.Pop().I32;
                    stack.Push(WasmValue.FromI32(instr.Opcode switch
                    {
                        (ushort)Opcode.I32Add => a + b,
                        (ushort)Opcode.I32Sub => a - b,
                        _ => a * b,
                    }));
                    break;
                }

                case (ushort)Opcode.I64Add:
                case (ushort)Opcode.I64Sub:
                case (ushort)Opcode.I64Mul:
                {
                    var b = stack.Pop().I64;
                    var a = stack.Pop().I64;
                    stack.Push(WasmValue.FromI64(instr.Opcode switch
                    {
                        (ushort)Opcode.I64Add => a + b,
                        (ushort)Opcode.I64Sub => a - b,
                        _ => a * b,
                    }));
                    break;
                }

                case (ushort)Opcode.End:
                    break;
                default:
                    throw new NotSupportedException("SIMD execution is not supported");
            }
        }

        return stack.Pop();
    }
}
