using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace Wharf.Wasm.SpecTests;

/// <summary>An <c>externref</c> made by the script (<c>ref.extern n</c>); compared by its number.</summary>
internal sealed record HostReference(ulong Value);

/// <summary>Values of wast2json scripts: arguments, expected results and their comparison.</summary>
internal static class SpecValues
{
    public static ValueType ParseType(string type) => type switch
    {
        "i32" => ValueType.I32,
        "i64" => ValueType.I64,
        "f32" => ValueType.F32,
        "f64" => ValueType.F64,
        "v128" => ValueType.V128,
        "funcref" => ValueType.FuncRef,
        "externref" => ValueType.ExternRef,
        _ => throw new FormatException($"unknown value type {type}"),
    };

    /// <summary>An argument value; NaN patterns are not allowed here.</summary>
    public static WasmValue ParseArgument(JsonElement value)
    {
        var type = ParseType(value.GetProperty("type").GetString()!);
        return type switch
        {
            ValueType.I32 => WasmValue.FromI32((int)ParseBits(value, 32)),
            ValueType.I64 => WasmValue.FromI64((long)ParseBits(value, 64)),
            ValueType.F32 => WasmValue.FromF32Bits((int)ParseBits(value, 32)),
            ValueType.F64 => WasmValue.FromF64Bits((long)ParseBits(value, 64)),
            ValueType.V128 => WasmValue.FromV128(ParseV128(value)),
            _ => WasmValue.FromRef(type, ParseReference(type, value.GetProperty("value").GetString()!)),
        };
    }

    /// <summary>Checks <paramref name="actual"/> against an expected value; returns a description of the difference or null.</summary>
    public static string? Compare(JsonElement expected, WasmValue actual)
    {
        var type = ParseType(expected.GetProperty("type").GetString()!);
        if (actual.Type != type)
        {
            return $"expected type {type}, got {actual.Type}";
        }

        var hasValue = expected.TryGetProperty("value", out var value);
        bool ok;
        switch (type)
        {
            case ValueType.I32:
                ok = (uint)actual.I32 == (uint)ParseBits(expected, 32);
                break;
            case ValueType.I64:
                ok = (ulong)actual.I64 == ParseBits(expected, 64);
                break;
            case ValueType.F32:
                ok = MatchesFloat(value.GetString()!, (uint)actual.F32Bits, 32);
                break;
            case ValueType.F64:
                ok = MatchesFloat(value.GetString()!, (ulong)actual.F64Bits, 64);
                break;
            case ValueType.V128:
                ok = MatchesV128(expected, actual.V128);
                break;
            default:
                var text = hasValue ? value.GetString() : null;
                ok = text switch
                {
                    null => actual.Ref is not null, // "(ref.func)" / "(ref.extern)": any non-null reference
                    "null" => actual.Ref is null,
                    _ => actual.Ref is HostReference h && h.Value == ulong.Parse(text, CultureInfo.InvariantCulture),
                };
                break;
        }

        return ok ? null : $"expected {Describe(expected)}, got {actual}";
    }

    public static string Describe(JsonElement expected) =>
        expected.TryGetProperty("value", out var value)
            ? $"{expected.GetProperty("type").GetString()}:{(value.ValueKind == JsonValueKind.Array ? string.Join(' ', value.EnumerateArray().Select(v => v.GetString())) : value.GetString())}"
            : expected.GetProperty("type").GetString()!;

    private static ulong ParseBits(JsonElement value, int bits)
    {
        var text = value.GetProperty("value").GetString()!;
        var parsed = ulong.Parse(text, CultureInfo.InvariantCulture);
        return bits == 32 ? (uint)parsed : parsed;
    }

    private static object? ParseReference(ValueType type, string text) =>
        text == "null" ? null
        : type == ValueType.ExternRef ? new HostReference(ulong.Parse(text, CultureInfo.InvariantCulture))
        : throw new FormatException($"cannot build a funcref argument from '{text}'");

    /// <summary>
    /// Float comparison by bits, or the NaN classes of the spec: canonical NaN has only the quiet bit
    /// of the payload set; arithmetic NaN has at least the quiet bit set (either sign).
    /// </summary>
    private static bool MatchesFloat(string expected, ulong actualBits, int bits)
    {
        var (quiet, exponentAndQuiet, magnitude) = bits == 32
            ? (0x7FC0_0000UL, 0x7FC0_0000UL, 0x7FFF_FFFFUL)
            : (0x7FF8_0000_0000_0000UL, 0x7FF8_0000_0000_0000UL, 0x7FFF_FFFF_FFFF_FFFFUL);
        return expected switch
        {
            "nan:canonical" => (actualBits & magnitude) == quiet,
            "nan:arithmetic" => (actualBits & exponentAndQuiet) == exponentAndQuiet,
            _ => actualBits == (bits == 32 ? (uint)ulong.Parse(expected, CultureInfo.InvariantCulture) : ulong.Parse(expected, CultureInfo.InvariantCulture)),
        };
    }

    private static V128 ParseV128(JsonElement value)
    {
        Span<byte> bytes = stackalloc byte[16];
        var laneType = value.GetProperty("lane_type").GetString()!;
        var lanes = value.GetProperty("value").EnumerateArray().Select(l => l.GetString()!).ToArray();
        var width = LaneWidth(laneType);
        for (var i = 0; i < lanes.Length; i++)
        {
            var lane = ulong.Parse(lanes[i], CultureInfo.InvariantCulture);
            WriteLane(bytes.Slice(i * width, width), lane);
        }

        return new V128(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
    }

    private static bool MatchesV128(JsonElement expected, V128 actual)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, actual.Low);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], actual.High);
        var laneType = expected.GetProperty("lane_type").GetString()!;
        var width = LaneWidth(laneType);
        var i = 0;
        foreach (var lane in expected.GetProperty("value").EnumerateArray())
        {
            var slice = bytes.Slice(i++ * width, width);
            ulong actualLane = width switch
            {
                1 => slice[0],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(slice),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(slice),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(slice),
            };
            var text = lane.GetString()!;
            var ok = laneType switch
            {
                "f32" => MatchesFloat(text, actualLane, 32),
                "f64" => MatchesFloat(text, actualLane, 64),
                _ => actualLane == (ulong.Parse(text, CultureInfo.InvariantCulture) & (width == 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1)),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static int LaneWidth(string laneType) => laneType switch
    {
        "i8" => 1,
        "i16" => 2,
        "i32" or "f32" => 4,
        "i64" or "f64" => 8,
        _ => throw new FormatException($"unknown lane type {laneType}"),
    };

    private static void WriteLane(Span<byte> destination, ulong value)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)(value >> (8 * i));
        }
    }
}
