using Wharf.Wasm.Binary.Sections;

namespace Wharf.Wasm.Binary;

/// <summary>
/// Decodes a module binary (https://webassembly.github.io/spec/core/binary/modules.html) into a
/// <see cref="Module"/>. Function bodies are not decoded here: the validator reads each one once and
/// reports malformed code (illegal opcodes, reserved bytes, missing <c>end</c>) as
/// <see cref="WasmMalformedException"/>, so decode + validate together implement the spec's decoder.
/// </summary>
internal static class ModuleDecoder
{
    private const uint Magic = 0x6D736100; // "\0asm"
    private const uint Version = 1;

    /// <summary>Decodes <paramref name="bytes"/>; throws <see cref="WasmMalformedException"/> with the spec's wording.</summary>
    public static Module Decode(ReadOnlyMemory<byte> bytes)
    {
        var module = new Module { Bytes = bytes };
        var reader = new WasmReader(bytes.Span);
        ReadHeader(ref reader);

        var customs = new List<CustomSection>();
        var lastOrder = 0;
        while (!reader.AtEnd)
        {
            var idStart = reader.Position;
            var id = reader.ReadByte();
            var order = SectionOrder(id);
            if (order < 0)
            {
                throw WasmReader.Malformed("malformed section id", idStart);
            }

            var size = reader.ReadLength();
            var start = reader.Position;
            var end = start + size;
            if (order > 0)
            {
                // Non-custom sections appear at most once, in the order of SectionOrder.
                if (order <= lastOrder)
                {
                    throw WasmReader.Malformed("unexpected content after last section", idStart);
                }

                lastOrder = order;
            }

            ReadSection(ref reader, module, id, end, customs);
            reader.ExpectConsumed(end, start);
        }

        CheckCounts(module, reader.Length);
        module.Customs = [.. customs];
        return module;
    }

    private static void ReadHeader(ref WasmReader reader)
    {
        if (reader.Length < 4)
        {
            throw WasmReader.Malformed(WasmReader.UnexpectedEnd, reader.Length);
        }

        if (reader.ReadFixedU32() != Magic)
        {
            throw WasmReader.Malformed("magic header not detected", 0);
        }

        if (reader.Length < 8)
        {
            throw WasmReader.Malformed(WasmReader.UnexpectedEnd, reader.Length);
        }

        if (reader.ReadFixedU32() != Version)
        {
            throw WasmReader.Malformed("unknown binary version", 4);
        }
    }

    /// <summary>Position of a section in the required order; 0 for custom sections, -1 for unknown ids.</summary>
    private static int SectionOrder(byte id) => id switch
    {
        0 => 0,
        >= 1 and <= 9 => id,
        12 => 10, // data count comes before code
        10 => 11,
        11 => 12,
        _ => -1,
    };

    private static void ReadSection(ref WasmReader reader, Module module, byte id, int end, List<CustomSection> customs)
    {
        switch (id)
        {
            case 0: CustomSectionDecoder.Read(ref reader, module, end, customs); break;
            case 1: TypeSectionDecoder.Read(ref reader, module); break;
            case 2: ImportSectionDecoder.Read(ref reader, module); break;
            case 3: FunctionSectionDecoder.Read(ref reader, module); break;
            case 4: TableSectionDecoder.Read(ref reader, module); break;
            case 5: MemorySectionDecoder.Read(ref reader, module); break;
            case 6: GlobalSectionDecoder.Read(ref reader, module); break;
            case 7: ExportSectionDecoder.Read(ref reader, module); break;
            case 8: StartSectionDecoder.Read(ref reader, module); break;
            case 9: ElementSectionDecoder.Read(ref reader, module); break;
            case 10: CodeSectionDecoder.Read(ref reader, module); break;
            case 11: DataSectionDecoder.Read(ref reader, module); break;
            default: DataCountSectionDecoder.Read(ref reader, module); break;
        }
    }

    private static void CheckCounts(Module module, int length)
    {
        if (module.FunctionTypes.Length != module.Code.Length)
        {
            throw WasmReader.Malformed("function and code section have inconsistent lengths", length);
        }

        if (module.DataCount is { } dataCount && dataCount != module.Data.Length)
        {
            throw WasmReader.Malformed("data count and data section have inconsistent lengths", length);
        }
    }
}
