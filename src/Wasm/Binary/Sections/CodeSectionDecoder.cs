namespace Wharf.Wasm.Binary.Sections;

/// <summary>
/// Code section (id 10): https://webassembly.github.io/spec/core/binary/modules.html#code-section.
/// Locals are expanded here; instructions are left for the validator, which reads each body once.
/// </summary>
internal static class CodeSectionDecoder
{
    /// <summary>Implementation limit on locals per function (the same as wasmtime's).</summary>
    public const int MaxLocals = 50_000;

    public static void Read(ref WasmReader reader, Module module)
    {
        var count = reader.ReadCount();
        var bodies = new FunctionBody[count];
        Span<(uint Count, ValueType Type)> smallGroups = stackalloc (uint, ValueType)[8];
        for (var i = 0; i < count; i++)
        {
            var size = reader.ReadLength();
            var bodyStart = reader.Position;
            var groupCount = reader.ReadCount();
            var groups = groupCount <= smallGroups.Length ? smallGroups[..groupCount] : new (uint, ValueType)[groupCount];
            ulong total = 0;
            for (var g = 0; g < groupCount; g++)
            {
                var n = reader.ReadU32();
                var type = reader.ReadValueType();
                groups[g] = (n, type);
                total += n;
            }

            // The spec bounds the total at 2^32-1; anything above our own limit is refused the same way.
            if (total > MaxLocals)
            {
                throw WasmReader.Malformed("too many locals", bodyStart);
            }

            var locals = total == 0 ? [] : new ValueType[total];
            var next = 0;
            foreach (var (n, type) in groups)
            {
                locals.AsSpan(next, (int)n).Fill(type);
                next += (int)n;
            }

            var codeOffset = reader.Position;
            var end = bodyStart + size;
            if (codeOffset > end)
            {
                throw WasmReader.Malformed("section size mismatch", bodyStart);
            }

            bodies[i] = new FunctionBody(locals, codeOffset, end - codeOffset);
            reader.Position = end;
        }

        module.Code = bodies;
    }
}
