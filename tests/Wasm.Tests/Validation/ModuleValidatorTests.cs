using Wharf.Wasm.Binary;
using Wharf.Wasm.Validation;
using static Wharf.Wasm.Tests.Binary.WasmBytes;

namespace Wharf.Wasm.Tests.Validation;

public class ModuleValidatorTests
{
    [Fact]
    public void Validate_AddFunction_SucceedsAndRecordsStackHeight()
    {
        var module = Load(SingleFunction([I32, I32], [I32], [0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B]));
        Assert.Equal([2], module.MaxStackHeights);
    }

    [Fact]
    public void Validate_WrongOperandType_ThrowsTypeMismatch() =>
        AssertInvalid(SingleFunction([I64], [I32], [0x20, 0x00, 0x45, 0x0B]), "type mismatch");

    [Fact]
    public void Validate_MissingResult_ThrowsTypeMismatch() =>
        AssertInvalid(SingleFunction([], [I32], [0x0B]), "type mismatch");

    [Fact]
    public void Validate_ExtraValueAtEnd_ThrowsTypeMismatch() =>
        AssertInvalid(SingleFunction([], [], [0x41, 0x01, 0x0B]), "type mismatch");

    [Fact]
    public void Validate_UnreachableThenAnyOperands_IsPolymorphic() =>
        Load(SingleFunction([], [I32], [0x00, 0x6A, 0x0B]));

    [Fact]
    public void Validate_UnknownLocal_ThrowsWithIndex() =>
        AssertInvalid(SingleFunction([], [], [0x20, 0x05, 0x1A, 0x0B]), "unknown local 5");

    [Fact]
    public void Validate_BranchToMissingLabel_ThrowsUnknownLabel() =>
        AssertInvalid(SingleFunction([], [], [0x0C, 0x01, 0x0B]), "unknown label 1");

    [Fact]
    public void Validate_BrTableTargetsWithDifferentArity_ThrowsTypeMismatch() =>
        AssertInvalid(
            SingleFunction([], [I32], [0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x41, 0x00, 0x0B]),
            "type mismatch");

    [Fact]
    public void Validate_MultiValueBlockTypeIndex_Succeeds()
    {
        // type 0: [] -> [i32 i32]; type 1: [i32 i32] -> [i32]; block (type 1) consumes the pair.
        var bytes = Module(
            Types(FuncType([], [I32]), FuncType([I32, I32], [I32])),
            Functions(0),
            Code(Body([0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x6A, 0x0B, 0x0B])));
        Load(bytes);
    }

    [Fact]
    public void Validate_IfWithoutElseChangingTypes_ThrowsTypeMismatch() =>
        AssertInvalid(SingleFunction([], [I32], [0x41, 0x01, 0x04, I32, 0x41, 0x01, 0x0B, 0x0B]), "type mismatch");

    [Fact]
    public void Validate_ElseOutsideIf_ThrowsMalformedEndExpected()
    {
        var e = Assert.Throws<WasmMalformedException>(() => Load(SingleFunction([], [], [0x05, 0x0B])));
        Assert.Equal("END opcode expected", e.Message);
    }

    [Fact]
    public void Validate_TypedSelectWithTwoTypes_ThrowsInvalidResultArity() =>
        AssertInvalid(SingleFunction([], [], [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x02, I32, I32, 0x1A, 0x0B]), "invalid result arity");

    [Fact]
    public void Validate_UntypedSelectOfReferences_ThrowsTypeMismatch() =>
        AssertInvalid(SingleFunction([], [], [0xD0, FuncRef, 0xD0, FuncRef, 0x41, 0x00, 0x1B, 0x1A, 0x0B]), "type mismatch");

    [Fact]
    public void Validate_RefFuncOfUndeclaredFunction_ThrowsUndeclaredReference() =>
        AssertInvalid(SingleFunction([], [], [0xD2, 0x00, 0x1A, 0x0B]), "undeclared function reference");

    [Fact]
    public void Validate_RefFuncOfExportedFunction_Succeeds() =>
        Load(SingleFunction([], [], [0xD2, 0x00, 0x1A, 0x0B], Section(7, Vec([.. Name("f"), 0x00, 0x00]))));

    [Fact]
    public void Validate_SetImmutableGlobal_ThrowsGlobalIsImmutable() =>
        AssertInvalid(
            SingleFunction([], [], [0x41, 0x00, 0x24, 0x00, 0x0B], Section(6, Vec([I32, 0x00, 0x41, 0x00, 0x0B]))),
            "global is immutable");

    [Fact]
    public void Validate_NonConstantGlobalInitializer_ThrowsConstantExpressionRequired() =>
        AssertInvalid(Module(Section(6, Vec([I32, 0x00, 0x41, 0x00, 0x45, 0x0B]))), "constant expression required");

    [Fact]
    public void Validate_GlobalInitializerReadsDefinedGlobal_ThrowsUnknownGlobal() =>
        AssertInvalid(Module(Section(6, Vec([I32, 0x00, 0x41, 0x00, 0x0B], [I32, 0x00, 0x23, 0x00, 0x0B]))), "unknown global 0");

    [Fact]
    public void Validate_GlobalInitializerOfWrongType_ThrowsTypeMismatch() =>
        AssertInvalid(Module(Section(6, Vec([I64, 0x00, 0x41, 0x00, 0x0B]))), "type mismatch");

    [Fact]
    public void Validate_TwoMemories_ThrowsMultipleMemories() =>
        AssertInvalid(Module(Section(5, Vec([0x00, 0x01], [0x00, 0x01]))), "multiple memories");

    [Fact]
    public void Validate_MemoryAbove4GiB_ThrowsSizeLimit() =>
        AssertInvalid(Module(Section(5, Vec([0x00, .. U32(65537)]))), "memory size must be at most 65536 pages (4GiB)");

    [Fact]
    public void Validate_LimitsMinAboveMax_ThrowsMinimumGreaterThanMaximum() =>
        AssertInvalid(Module(Section(4, Vec([FuncRef, 0x01, 0x02, 0x01]))), "size minimum must not be greater than maximum");

    [Fact]
    public void Validate_DuplicateExportName_Throws() =>
        AssertInvalid(
            SingleFunction([], [], [0x0B], Section(7, Vec([.. Name("a"), 0x00, 0x00], [.. Name("a"), 0x00, 0x00]))),
            "duplicate export name");

    [Fact]
    public void Validate_StartFunctionWithParameters_ThrowsStartFunction() =>
        AssertInvalid(SingleFunction([I32], [], [0x0B], Section(8, 0x00)), "start function");

    [Fact]
    public void Validate_LoadWithoutMemory_ThrowsUnknownMemory() =>
        AssertInvalid(SingleFunction([], [], [0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B]), "unknown memory 0");

    [Fact]
    public void Validate_OverAlignedLoad_ThrowsAlignment() =>
        AssertInvalid(SingleFunction([], [], [0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B], Memory(1)), "alignment must not be larger than natural");

    [Fact]
    public void Validate_MemoryGrowReservedByteNotZero_ThrowsMalformed()
    {
        var e = Assert.Throws<WasmMalformedException>(() => Load(SingleFunction([], [], [0x41, 0x00, 0x40, 0x01, 0x1A, 0x0B], Memory(1))));
        Assert.Equal("zero byte expected", e.Message);
    }

    [Fact]
    public void Validate_DataDropWithDataSectionButNoCount_ThrowsDataCountRequired()
    {
        var bytes = SingleFunction([], [], [0xFC, 0x09, 0x00, 0x0B], Memory(1), Section(11, Vec([0x01, .. Vec([0x00])])));
        var e = Assert.Throws<WasmMalformedException>(() => Load(bytes));
        Assert.Equal("data count section required", e.Message);
    }

    [Fact]
    public void Validate_MemoryInitOfUnknownSegment_ThrowsUnknownDataSegment() =>
        AssertInvalid(
            SingleFunction([], [], [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x01, 0x00, 0x0B], Memory(1), Section(12, 0x01), Section(11, Vec([0x01, .. Vec([0x00])]))),
            "unknown data segment 1");

    [Fact]
    public void Validate_InvalidEarlierFunctionAndMalformedLaterOne_ReportsMalformed()
    {
        // Function 0 is invalid (type mismatch), function 1 holds an illegal opcode: decoding wins.
        var bytes = Module(Types(FuncType([], [])), Functions(0, 0), Code(Body([0x41, 0x00, 0x0B]), Body([0xFF, 0x0B])));
        var e = Assert.Throws<WasmMalformedException>(() => Load(bytes));
        Assert.Equal("illegal opcode", e.Message);
    }

    [Fact]
    public void Validate_MissingEndAtEndOfInput_ThrowsUnexpectedEnd()
    {
        var e = Assert.Throws<WasmMalformedException>(() => Load(SingleFunction([], [], [0x01])));
        Assert.Equal(WasmReader.UnexpectedEnd, e.Message);
    }

    [Fact]
    public void Validate_SimdLaneOutOfRange_ThrowsInvalidLaneIndex() =>
        AssertInvalid(SingleFunction([], [], [0xFD, 0x0C, .. new byte[16], 0xFD, 0x15, 0x10, 0x1A, 0x0B]), "invalid lane index");

    [Fact]
    public void Validate_SimdArithmetic_Succeeds() =>
        Load(SingleFunction([], [I32], [0xFD, 0x0C, .. new byte[16], 0xFD, 0x0C, .. new byte[16], 0xFD, 0x6E, 0xFD, 0x53, 0x0B]));

    [Fact]
    public void Validate_SimdShuffleLaneAbove31_ThrowsInvalidLaneIndex() =>
        AssertInvalid(
            SingleFunction([], [], [0xFD, 0x0C, .. new byte[16], 0xFD, 0x0C, .. new byte[16], 0xFD, 0x0D, .. new byte[15], 32, 0x1A, 0x0B]),
            "invalid lane index");

    [Fact]
    public void Validate_UnknownSimdOpcode_ThrowsIllegalOpcode()
    {
        var e = Assert.Throws<WasmMalformedException>(() => Load(SingleFunction([], [], [0xFD, 0x9A, 0x01, 0x0B])));
        Assert.Equal("illegal opcode", e.Message);
    }

    [Fact]
    public void Validate_TableInitTypeMismatch_Throws() =>
        AssertInvalid(
            SingleFunction([], [], [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0C, 0x00, 0x00, 0x0B],
                Section(4, Vec([FuncRef, 0x00, 0x01])),
                Section(9, Vec([0x05, ExternRef, .. Vec([0xD0, ExternRef, 0x0B])]))),
            "type mismatch");

    [Fact]
    public void Validate_CallIndirectThroughExternrefTable_ThrowsTypeMismatch() =>
        AssertInvalid(SingleFunction([], [], [0x41, 0x00, 0x11, 0x00, 0x00, 0x0B], Section(4, Vec([ExternRef, 0x00, 0x01]))), "type mismatch");

    private static Module Load(byte[] bytes)
    {
        var module = ModuleDecoder.Decode(bytes);
        ModuleValidator.Validate(module);
        return module;
    }

    private static void AssertInvalid(byte[] bytes, string message)
    {
        var e = Assert.Throws<WasmInvalidException>(() => Load(bytes));
        Assert.Equal(message, e.Message);
    }
}
