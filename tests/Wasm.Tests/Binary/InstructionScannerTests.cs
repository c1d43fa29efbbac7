using Wharf.Wasm.Binary;
using static Wharf.Wasm.Tests.Binary.WasmBytes;

namespace Wharf.Wasm.Tests.Binary;

public class InstructionScannerTests
{
    [Fact]
    public void ScanAllBodies_NestedBlocksWithElse_Succeeds()
    {
        // block; if (i32.const 1); nop; else; nop; end; end; end
        var module = ModuleDecoder.Decode(SingleFunction([], [], [0x02, 0x40, 0x41, 0x01, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0B, 0x0B, 0x0B]));
        InstructionScanner.ScanAllBodies(module);
    }

    [Fact]
    public void ScanAllBodies_SecondElse_ThrowsEndExpected()
    {
        var module = ModuleDecoder.Decode(SingleFunction([], [], [0x41, 0x01, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B]));
        var e = Assert.Throws<WasmMalformedException>(() => InstructionScanner.ScanAllBodies(module));
        Assert.Equal("END opcode expected", e.Message);
    }

    [Fact]
    public void ScanAllBodies_BodyShorterThanDeclared_ThrowsSectionSizeMismatch()
    {
        var module = ModuleDecoder.Decode(SingleFunction([], [], [0x0B, 0x01]));
        var e = Assert.Throws<WasmMalformedException>(() => InstructionScanner.ScanAllBodies(module));
        Assert.Equal("section size mismatch", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x06, 0x0B })] // try (exception handling) is not Wasm 2.0
    [InlineData(new byte[] { 0x12, 0x00, 0x0B })] // return_call (tail calls) is not Wasm 2.0
    [InlineData(new byte[] { 0xFC, 0x12, 0x0B })]
    public void ScanAllBodies_OpcodeOutsideWasm2_ThrowsIllegalOpcode(byte[] code)
    {
        var module = ModuleDecoder.Decode(SingleFunction([], [], code));
        var e = Assert.Throws<WasmMalformedException>(() => InstructionScanner.ScanAllBodies(module));
        Assert.Equal("illegal opcode", e.Message);
    }
}
