using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Tests.Binary;

public class SimdOpcodeInfoTests
{
    [Fact]
    public void GetShape_EveryNamedOpcode_IsLegal()
    {
        foreach (var op in Enum.GetValues<SimdOpcode>())
        {
            Assert.NotEqual(SimdShape.Illegal, SimdOpcodeInfo.GetShape((uint)op));
        }
    }

    [Fact]
    public void GetShape_CountOfLegalOpcodes_MatchesWasm2Simd()
    {
        var legal = Enumerable.Range(0, 0x200).Count(op => SimdOpcodeInfo.GetShape((uint)op) != SimdShape.Illegal);
        Assert.Equal(236, legal);
        Assert.Equal(236, Enum.GetValues<SimdOpcode>().Length);
    }

    [Theory]
    [InlineData((uint)SimdOpcode.V128Load, (int)SimdShape.Load)]
    [InlineData((uint)SimdOpcode.V128Load64Zero, (int)SimdShape.Load)]
    [InlineData((uint)SimdOpcode.V128Store, (int)SimdShape.Store)]
    [InlineData((uint)SimdOpcode.V128Load16Lane, (int)SimdShape.LoadLane)]
    [InlineData((uint)SimdOpcode.V128Store64Lane, (int)SimdShape.StoreLane)]
    [InlineData((uint)SimdOpcode.I8x16Shuffle, (int)SimdShape.Shuffle)]
    [InlineData((uint)SimdOpcode.F64x2ExtractLane, (int)SimdShape.ExtractLane)]
    [InlineData((uint)SimdOpcode.I16x8ReplaceLane, (int)SimdShape.ReplaceLane)]
    [InlineData((uint)SimdOpcode.F32x4Splat, (int)SimdShape.Splat)]
    [InlineData((uint)SimdOpcode.V128Bitselect, (int)SimdShape.Ternary)]
    [InlineData((uint)SimdOpcode.I64x2Bitmask, (int)SimdShape.Test)]
    [InlineData((uint)SimdOpcode.I32x4ShrU, (int)SimdShape.Shift)]
    [InlineData((uint)SimdOpcode.F64x2ConvertLowI32x4U, (int)SimdShape.Unary)]
    [InlineData((uint)SimdOpcode.I32x4DotI16x8S, (int)SimdShape.Binary)]
    public void GetShape_RepresentativeOpcodes_HaveTheirShape(uint op, int shape) =>
        Assert.Equal((SimdShape)shape, SimdOpcodeInfo.GetShape(op));

    [Theory]
    [InlineData((uint)SimdOpcode.V128Load, 4)]
    [InlineData((uint)SimdOpcode.V128Load8x8S, 3)]
    [InlineData((uint)SimdOpcode.V128Load16Splat, 1)]
    [InlineData((uint)SimdOpcode.V128Load32Zero, 2)]
    [InlineData((uint)SimdOpcode.V128Store8Lane, 0)]
    public void NaturalAlignment_MemoryOpcodes_ReturnsLog2OfAccessSize(uint op, int expected) =>
        Assert.Equal(expected, SimdOpcodeInfo.NaturalAlignment((SimdOpcode)op));

    [Theory]
    [InlineData((uint)SimdOpcode.I8x16ExtractLaneU, 16)]
    [InlineData((uint)SimdOpcode.I16x8ReplaceLane, 8)]
    [InlineData((uint)SimdOpcode.F32x4ExtractLane, 4)]
    [InlineData((uint)SimdOpcode.V128Load64Lane, 2)]
    public void LaneCount_LaneOpcodes_ReturnsLanes(uint op, int expected) =>
        Assert.Equal(expected, SimdOpcodeInfo.LaneCount((SimdOpcode)op));
}
