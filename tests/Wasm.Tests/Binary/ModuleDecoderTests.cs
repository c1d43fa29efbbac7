using Wharf.Wasm.Binary;
using static Wharf.Wasm.Tests.Binary.WasmBytes;

namespace Wharf.Wasm.Tests.Binary;

public class ModuleDecoderTests
{
    [Fact]
    public void Decode_EmptyModule_HasNoDefinitions()
    {
        var module = ModuleDecoder.Decode(Header);
        Assert.Empty(module.Types);
        Assert.Empty(module.Code);
        Assert.Null(module.Start);
    }

    [Theory]
    [InlineData(new byte[] { }, WasmReader.UnexpectedEnd)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, WasmReader.UnexpectedEnd)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00 }, "magic header not detected")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00 }, WasmReader.UnexpectedEnd)]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00 }, "unknown binary version")]
    public void Decode_BadHeader_ThrowsMalformed(byte[] bytes, string message) =>
        AssertMalformed(bytes, message);

    [Fact]
    public void Decode_UnknownSectionId_ThrowsMalformedSectionId() =>
        AssertMalformed(Module(Section(13)), "malformed section id");

    [Fact]
    public void Decode_SectionsOutOfOrder_ThrowsUnexpectedContent() =>
        AssertMalformed(Module(Functions(), Types()), "unexpected content after last section");

    [Fact]
    public void Decode_DuplicateSection_ThrowsUnexpectedContent() =>
        AssertMalformed(Module(Types(), Types()), "unexpected content after last section");

    [Fact]
    public void Decode_SectionLongerThanContent_ThrowsSectionSizeMismatch() =>
        AssertMalformed(Module([0x01, 0x02, 0x00, 0x00]), "section size mismatch");

    [Fact]
    public void Decode_SectionSizeBeyondInput_ThrowsLengthOutOfBounds() =>
        AssertMalformed(Module([0x01, 0x05, 0x00]), "length out of bounds");

    [Fact]
    public void Decode_VectorCountBeyondInput_ThrowsUnexpectedEnd() =>
        AssertMalformed(Module([0x05, 0x01, 0x01]), WasmReader.UnexpectedEnd);

    [Fact]
    public void Decode_FunctionWithoutCode_ThrowsInconsistentLengths() =>
        AssertMalformed(Module(Types(FuncType([], [])), Functions(0)), "function and code section have inconsistent lengths");

    [Fact]
    public void Decode_DataCountMismatch_ThrowsInconsistentLengths() =>
        AssertMalformed(Module(Section(12, 0x01)), "data count and data section have inconsistent lengths");

    [Fact]
    public void Decode_TooManyLocals_ThrowsMalformed() =>
        AssertMalformed(
            Module(Types(FuncType([], [])), Functions(0), Code(Body([0x0B], (0xFFFF_FFFF, I32), (2, I64)))),
            "too many locals");

    [Fact]
    public void Decode_Function_ExpandsLocalsAndRecordsCodeRange()
    {
        var bytes = Module(Types(FuncType([I32], [I32])), Functions(0), Code(Body([0x20, 0x00, 0x0B], (2, I64), (1, F32))));
        var module = ModuleDecoder.Decode(bytes);
        var body = Assert.Single(module.Code);
        Assert.Equal([ValueType.I64, ValueType.I64, ValueType.F32], body.Locals);
        Assert.Equal(3, body.CodeLength);
        Assert.Equal(0x20, bytes[body.CodeOffset]);
        Assert.Equal([ValueType.I32], module.GetFunctionType(0).Parameters);
    }

    [Fact]
    public void Decode_Imports_CountsEachKind()
    {
        var imports = Section(2, Vec(
            [.. Name("m"), .. Name("f"), 0x00, 0x00],
            [.. Name("m"), .. Name("t"), 0x01, FuncRef, 0x01, 0x01, 0x02],
            [.. Name("m"), .. Name("mem"), 0x02, 0x00, 0x01],
            [.. Name("m"), .. Name("g"), 0x03, I32, 0x01]));
        var module = ModuleDecoder.Decode(Module(Types(FuncType([], [])), imports));
        Assert.Equal(1, module.ImportedFunctionCount);
        Assert.Equal(1, module.ImportedTableCount);
        Assert.Equal(1, module.ImportedMemoryCount);
        Assert.Equal(1, module.ImportedGlobalCount);
        Assert.Equal(new Limits(1, 2), module.Imports[1].Table.Limits);
        Assert.True(module.Imports[3].Global.Mutable);
    }

    [Fact]
    public void Decode_BadImportKind_ThrowsMalformed() =>
        AssertMalformed(Module(Section(2, Vec([.. Name("m"), .. Name("x"), 0x04, 0x00]))), "malformed import kind");

    [Fact]
    public void Decode_BadMutability_ThrowsMalformed() =>
        AssertMalformed(Module(Section(6, Vec([I32, 0x02, 0x41, 0x00, 0x0B]))), "malformed mutability");

    [Theory]
    [InlineData(new byte[] { 0x02, 0x00 }, "integer too large")]
    [InlineData(new byte[] { 0x81, 0x00, 0x00 }, "integer representation too long")]
    public void Decode_BadLimitsFlags_ThrowsMalformed(byte[] limits, string message) =>
        AssertMalformed(Module(Section(5, Vec(limits))), message);

    [Fact]
    public void Decode_BadTableElementType_ThrowsMalformedReferenceType() =>
        AssertMalformed(Module(Section(4, Vec([I32, 0x00, 0x00]))), "malformed reference type");

    [Fact]
    public void Decode_AllElementEncodings_ProduceModesTablesAndItems()
    {
        byte[] offset = [0x41, 0x00, 0x0B];
        var elements = Section(9, Vec(
            [0x00, .. offset, .. Vec([0x00])],
            [0x01, 0x00, .. Vec([0x00])],
            [0x02, 0x01, .. offset, 0x00, .. Vec([0x00])],
            [0x03, 0x00, .. Vec([0x00])],
            [0x04, .. offset, .. Vec([0xD2, 0x00, 0x0B])],
            [0x05, ExternRef, .. Vec([0xD0, ExternRef, 0x0B])],
            [0x06, 0x01, .. offset, FuncRef, .. Vec([0xD2, 0x00, 0x0B])],
            [0x07, FuncRef, .. Vec([0xD0, FuncRef, 0x0B])]));
        var module = ModuleDecoder.Decode(Module(elements));
        var segments = module.Elements;
        Assert.Equal(
            [SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative,
             SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative],
            segments.Select(s => s.Mode));
        Assert.Equal(1u, segments[2].TableIndex);
        Assert.Equal(1u, segments[6].TableIndex);
        Assert.Equal(ValueType.ExternRef, segments[5].Type);
        Assert.Equal((ushort)Opcode.RefFunc, segments[0].Items[0].Instructions[0].Opcode);
        Assert.Equal((ushort)Opcode.RefNull, segments[7].Items[0].Instructions[0].Opcode);
        Assert.NotNull(segments[4].Offset);
    }

    [Fact]
    public void Decode_ElementKindNotFunc_ThrowsMalformed() =>
        AssertMalformed(Module(Section(9, Vec([0x01, 0x01, .. Vec([0x00])]))), "malformed element kind");

    [Fact]
    public void Decode_IllegalOpcodeInElementExpression_ThrowsMalformed() =>
        AssertMalformed(Module(Section(9, Vec([0x05, FuncRef, .. Vec([0xF3, 0x00, 0x0B])]))), "illegal opcode");

    [Fact]
    public void Decode_DataSegments_ProduceModesAndBytes()
    {
        var data = Section(11, Vec(
            [0x00, 0x41, 0x08, 0x0B, .. Vec([0xAA], [0xBB])],
            [0x01, .. Vec([0xCC])],
            [0x02, 0x00, 0x41, 0x00, 0x0B, .. Vec()]));
        var module = ModuleDecoder.Decode(Module(Section(12, 0x03), data));
        Assert.Equal(3u, module.DataCount);
        Assert.Equal([0xAA, 0xBB], module.Data[0].Bytes.ToArray());
        Assert.Equal(8ul, module.Data[0].Offset!.Instructions[0].Operand);
        Assert.Equal(SegmentMode.Passive, module.Data[1].Mode);
        Assert.Empty(module.Data[2].Bytes.ToArray());
    }

    [Fact]
    public void Decode_NameSection_ReadsModuleFunctionAndLocalNames()
    {
        byte[] names =
        [
            .. Name("name"),
            .. Section(0, Name("mod")),
            .. Section(1, Vec([0x00, .. Name("main")])),
            .. Section(2, Vec([0x00, .. Vec([0x01, .. Name("x")])])),
        ];
        var module = ModuleDecoder.Decode(Module(Section(0, names)));
        Assert.Equal("mod", module.Names!.ModuleName);
        Assert.Equal("main", module.Names.FunctionNames[0]);
        Assert.Equal("x", module.Names.LocalNames[0][1]);
        Assert.Equal("name", Assert.Single(module.Customs).Name);
    }

    [Fact]
    public void Decode_DamagedNameSection_IsIgnored()
    {
        var module = ModuleDecoder.Decode(Module(Section(0, [.. Name("name"), 0x01, 0x05, 0x00])));
        Assert.Null(module.Names);
    }

    [Fact]
    public void Decode_CustomSectionNameNotUtf8_ThrowsMalformed() =>
        AssertMalformed(Module(Section(0, 0x01, 0xFF)), "malformed UTF-8 encoding");

    [Fact]
    public void Decode_CustomSectionNameBeyondSection_ThrowsUnexpectedEnd() =>
        AssertMalformed(Module([0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x07, 0x00, 0x00]), WasmReader.UnexpectedEnd);

    private static void AssertMalformed(byte[] bytes, string message)
    {
        var e = Assert.Throws<WasmMalformedException>(() => ModuleDecoder.Decode(bytes));
        Assert.Equal(message, e.Message);
    }
}
