namespace Wharf.Wasm.Binary;

/// <summary>The shape of a SIMD instruction: which immediates follow it and how it is typed.</summary>
internal enum SimdShape : byte
{
    /// <summary>Not a Wasm 2.0 instruction.</summary>
    Illegal,

    /// <summary><c>[i32] -> [v128]</c> with a memarg.</summary>
    Load,

    /// <summary><c>[i32 v128] -> []</c> with a memarg.</summary>
    Store,

    /// <summary><c>[i32 v128] -> [v128]</c> with a memarg and a lane index.</summary>
    LoadLane,

    /// <summary><c>[i32 v128] -> []</c> with a memarg and a lane index.</summary>
    StoreLane,

    /// <summary><c>[] -> [v128]</c> with 16 immediate bytes.</summary>
    Const,

    /// <summary><c>[v128 v128] -> [v128]</c> with 16 lane indices below 32.</summary>
    Shuffle,

    /// <summary><c>[v128] -> [scalar]</c> with a lane index.</summary>
    ExtractLane,

    /// <summary><c>[v128 scalar] -> [v128]</c> with a lane index.</summary>
    ReplaceLane,

    /// <summary><c>[scalar] -> [v128]</c>.</summary>
    Splat,

    /// <summary><c>[v128] -> [v128]</c>.</summary>
    Unary,

    /// <summary><c>[v128 v128] -> [v128]</c>.</summary>
    Binary,

    /// <summary><c>[v128 v128 v128] -> [v128]</c>.</summary>
    Ternary,

    /// <summary><c>[v128] -> [i32]</c>.</summary>
    Test,

    /// <summary><c>[v128 i32] -> [v128]</c>.</summary>
    Shift,
}

/// <summary>Per-sub-opcode facts about the 0xFD instructions, shared by the decoder, validator and compiler.</summary>
internal static class SimdOpcodeInfo
{
    private static readonly SimdShape[] Shapes = BuildShapes();

    /// <summary>Shape of <paramref name="op"/>; <see cref="SimdShape.Illegal"/> when unknown.</summary>
    public static SimdShape GetShape(uint op) => op < (uint)Shapes.Length ? Shapes[op] : SimdShape.Illegal;

    /// <summary>log2 of the natural alignment (the access size) of a memory instruction.</summary>
    public static int NaturalAlignment(SimdOpcode op) => op switch
    {
        SimdOpcode.V128Load or SimdOpcode.V128Store => 4,
        >= SimdOpcode.V128Load8x8S and <= SimdOpcode.V128Load32x2U => 3,
        SimdOpcode.V128Load8Splat or SimdOpcode.V128Load8Lane or SimdOpcode.V128Store8Lane => 0,
        SimdOpcode.V128Load16Splat or SimdOpcode.V128Load16Lane or SimdOpcode.V128Store16Lane => 1,
        SimdOpcode.V128Load32Splat or SimdOpcode.V128Load32Lane or SimdOpcode.V128Store32Lane or SimdOpcode.V128Load32Zero => 2,
        _ => 3,
    };

    /// <summary>Number of lanes addressed by a lane-indexed instruction.</summary>
    public static int LaneCount(SimdOpcode op) => op switch
    {
        SimdOpcode.I8x16ExtractLaneS or SimdOpcode.I8x16ExtractLaneU or SimdOpcode.I8x16ReplaceLane
            or SimdOpcode.V128Load8Lane or SimdOpcode.V128Store8Lane => 16,
        SimdOpcode.I16x8ExtractLaneS or SimdOpcode.I16x8ExtractLaneU or SimdOpcode.I16x8ReplaceLane
            or SimdOpcode.V128Load16Lane or SimdOpcode.V128Store16Lane => 8,
        SimdOpcode.I32x4ExtractLane or SimdOpcode.I32x4ReplaceLane or SimdOpcode.F32x4ExtractLane
            or SimdOpcode.F32x4ReplaceLane or SimdOpcode.V128Load32Lane or SimdOpcode.V128Store32Lane => 4,
        _ => 2,
    };

    /// <summary>The scalar type of a splat, extract_lane or replace_lane instruction.</summary>
    public static ValueType ScalarType(SimdOpcode op) => op switch
    {
        SimdOpcode.I64x2Splat or SimdOpcode.I64x2ExtractLane or SimdOpcode.I64x2ReplaceLane => ValueType.I64,
        SimdOpcode.F32x4Splat or SimdOpcode.F32x4ExtractLane or SimdOpcode.F32x4ReplaceLane => ValueType.F32,
        SimdOpcode.F64x2Splat or SimdOpcode.F64x2ExtractLane or SimdOpcode.F64x2ReplaceLane => ValueType.F64,
        _ => ValueType.I32,
    };

    private static SimdShape[] BuildShapes()
    {
        var s = new SimdShape[256];
        Array.Fill(s, SimdShape.Binary);
        foreach (var illegal in (ReadOnlySpan<int>)[0x9A, 0xA2, 0xA5, 0xA6, 0xAF, 0xB0, 0xB2, 0xB3, 0xB4, 0xBB, 0xC2, 0xC5, 0xC6, 0xCF, 0xD0, 0xD2, 0xD3, 0xD4, 0xE2, 0xEE])
        {
            s[illegal] = SimdShape.Illegal;
        }

        Fill(s, 0x00, 0x0A, SimdShape.Load);
        s[0x0B] = SimdShape.Store;
        s[0x0C] = SimdShape.Const;
        s[0x0D] = SimdShape.Shuffle;
        Fill(s, 0x0F, 0x14, SimdShape.Splat);
        foreach (var op in (ReadOnlySpan<int>)[0x15, 0x16, 0x18, 0x19, 0x1B, 0x1D, 0x1F, 0x21])
        {
            s[op] = SimdShape.ExtractLane;
        }

        foreach (var op in (ReadOnlySpan<int>)[0x17, 0x1A, 0x1C, 0x1E, 0x20, 0x22])
        {
            s[op] = SimdShape.ReplaceLane;
        }

        s[0x4D] = SimdShape.Unary;
        s[0x52] = SimdShape.Ternary;
        s[0x53] = SimdShape.Test;
        Fill(s, 0x54, 0x57, SimdShape.LoadLane);
        Fill(s, 0x58, 0x5B, SimdShape.StoreLane);
        s[0x5C] = SimdShape.Load;
        s[0x5D] = SimdShape.Load;
        foreach (var op in (ReadOnlySpan<int>)[0x63, 0x64, 0x83, 0x84, 0xA3, 0xA4, 0xC3, 0xC4])
        {
            s[op] = SimdShape.Test;
        }

        foreach (var start in (ReadOnlySpan<int>)[0x6B, 0x8B, 0xAB, 0xCB])
        {
            Fill(s, start, start + 2, SimdShape.Shift);
        }

        foreach (var op in (ReadOnlySpan<int>)[
            0x5E, 0x5F, 0x60, 0x61, 0x62, 0x67, 0x68, 0x69, 0x6A, 0x74, 0x75, 0x7A, 0x7C, 0x7D, 0x7E, 0x7F,
            0x80, 0x81, 0x87, 0x88, 0x89, 0x8A, 0x94, 0xA0, 0xA1, 0xA7, 0xA8, 0xA9, 0xAA, 0xC0, 0xC1,
            0xC7, 0xC8, 0xC9, 0xCA, 0xE0, 0xE1, 0xE3, 0xEC, 0xED, 0xEF, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF])
        {
            s[op] = SimdShape.Unary;
        }

        return s;
    }

    private static void Fill(SimdShape[] shapes, int first, int last, SimdShape shape) =>
        shapes.AsSpan(first, last - first + 1).Fill(shape);
}
