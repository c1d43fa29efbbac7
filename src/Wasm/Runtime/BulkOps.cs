namespace Wharf.Wasm.Runtime;

/// <summary>
/// Bulk memory, table and reference instructions, called by generated code with the wasm operands
/// first and the context and immediates last. Bounds rules follow
/// https://webassembly.github.io/spec/core/exec/instructions.html#memory-instructions (a zero-length
/// access at exactly the end is allowed; past the end traps even when the length is zero).
/// </summary>
internal static unsafe class BulkOps
{
    public static int MemoryGrow(int delta, InstanceContext context) => context.Memory!.Grow((uint)delta);

    public static void MemoryInit(int dst, int src, int count, InstanceContext context, int segment)
    {
        var data = context.Data[segment].Span;
        var memory = context.Memory!;
        if ((ulong)(uint)src + (uint)count > (ulong)data.Length || (ulong)(uint)dst + (uint)count > (ulong)memory.ByteLength)
        {
            Traps.MemoryOutOfBounds();
        }

        data.Slice((int)(uint)src, (int)(uint)count).CopyTo(new Span<byte>(memory.BasePtr + (uint)dst, (int)(uint)count));
    }

    public static void DataDrop(InstanceContext context, int segment) => context.Data[segment] = default;

    public static void MemoryCopy(int dst, int src, int count, InstanceContext context)
    {
        var memory = context.Memory!;
        var length = (ulong)memory.ByteLength;
        if ((ulong)(uint)src + (uint)count > length || (ulong)(uint)dst + (uint)count > length)
        {
            Traps.MemoryOutOfBounds();
        }

        Buffer.MemoryCopy(memory.BasePtr + (uint)src, memory.BasePtr + (uint)dst, (uint)count, (uint)count);
    }

    public static void MemoryFill(int dst, int value, int count, InstanceContext context)
    {
        var memory = context.Memory!;
        if ((ulong)(uint)dst + (uint)count > (ulong)memory.ByteLength)
        {
            Traps.MemoryOutOfBounds();
        }

        new Span<byte>(memory.BasePtr + (uint)dst, (int)(uint)count).Fill((byte)value);
    }

    public static void TableInit(int dst, int src, int count, InstanceContext context, int table, int segment)
    {
        var items = context.Elements[segment];
        var elements = context.Tables[table].Elements;
        if ((ulong)(uint)src + (uint)count > (ulong)items.Length || (ulong)(uint)dst + (uint)count > (ulong)elements.Length)
        {
            Traps.TableOutOfBounds();
        }

        Array.Copy(items, (int)src, elements, dst, count);
    }

    public static void ElemDrop(InstanceContext context, int segment) => context.Elements[segment] = [];

    public static void TableCopy(int dst, int src, int count, InstanceContext context, int dstTable, int srcTable)
    {
        var to = context.Tables[dstTable].Elements;
        var from = context.Tables[srcTable].Elements;
        if ((ulong)(uint)src + (uint)count > (ulong)from.Length || (ulong)(uint)dst + (uint)count > (ulong)to.Length)
        {
            Traps.TableOutOfBounds();
        }

        Array.Copy(from, src, to, dst, count);
    }

    public static int TableGrow(object? init, int delta, InstanceContext context, int table) =>
        context.Tables[table].GrowCore((uint)delta, init);

    public static int TableSize(InstanceContext context, int table) => context.Tables[table].Elements.Length;

    public static void TableFill(int dst, object? value, int count, InstanceContext context, int table)
    {
        var elements = context.Tables[table].Elements;
        if ((ulong)(uint)dst + (uint)count > (ulong)elements.Length)
        {
            Traps.TableOutOfBounds();
        }

        Array.Fill(elements, value, dst, count);
    }

    public static object? TableGet(int index, InstanceContext context, int table)
    {
        var elements = context.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length)
        {
            Traps.TableOutOfBounds();
        }

        return elements[index];
    }

    public static void TableSet(int index, object? value, InstanceContext context, int table)
    {
        var elements = context.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length)
        {
            Traps.TableOutOfBounds();
        }

        elements[index] = value;
    }

    /// <summary>Looks up a <c>call_indirect</c> target and checks its type.</summary>
    public static WasmFunction ResolveIndirect(int index, InstanceContext context, int table, int typeId)
    {
        var elements = context.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length)
        {
            Traps.Throw("undefined element");
        }

        if (elements[index] is not WasmFunction function)
        {
            Traps.Throw("uninitialized element");
            return null!;
        }

        if (function.TypeId != typeId)
        {
            Traps.Throw("indirect call type mismatch");
        }

        return function;
    }
}
