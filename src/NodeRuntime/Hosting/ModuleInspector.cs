namespace Wharf.NodeRuntime.Hosting;

/// <summary>
/// Reads the few facts about a module's binary that the engine's public API does not expose: its mutable
/// globals and start function (binary format: https://webassembly.github.io/spec/core/binary/modules.html).
/// The engine has already validated the module, so anything unexpected simply answers "not safe".
/// </summary>
internal static class ModuleInspector
{
    private const byte ImportSection = 2;
    private const byte GlobalSection = 6;
    private const byte ExportSection = 7;
    private const byte StartSection = 8;

    /// <summary>True when linear memory is all of the module's mutable state after its initializers: no start
    /// function, no imported or exported mutable global, and at most one mutable global that has the shape of
    /// LLVM's shadow-stack pointer (<c>__stack_pointer</c>: the first defined global, i32, initialized to a positive
    /// multiple of 16). Its value is not checked — the engine cannot read an unexported global — which is why
    /// only that convention qualifies: compiled code returns it to its initial value whenever the initializers
    /// return.</summary>
    public static bool IsMemorySnapshotSafe(ReadOnlySpan<byte> module)
    {
        try
        {
            var reader = new Reader(module) { Position = 8 };
            var mutable = 0;
            var importedGlobals = 0;
            var mutableIndices = new List<int>();
            while (!reader.AtEnd)
            {
                var id = reader.Byte();
                var size = (int)reader.U32();
                var end = reader.Position + size;
                switch (id)
                {
                    case ImportSection:
                        for (var n = reader.U32(); n > 0; n--)
                        {
                            reader.Skip((int)reader.U32());
                            reader.Skip((int)reader.U32());
                            switch (reader.Byte())
                            {
                                case 0:
                                    reader.U32();
                                    break;
                                case 1:
                                    reader.Byte();
                                    reader.Limits();
                                    break;
                                case 2:
                                    reader.Limits();
                                    break;
                                case 3:
                                    reader.Byte();
                                    if (reader.Byte() != 0)
                                    {
                                        return false;
                                    }

                                    importedGlobals++;
                                    break;
                                default:
                                    return false;
                            }
                        }

                        break;
                    case GlobalSection:
                        var count = (int)reader.U32();
                        for (var i = 0; i < count; i++)
                        {
                            var type = reader.Byte();
                            if (reader.Byte() != 0)
                            {
                                if (type != 0x7F || ++mutable > 1 || i != 0 || !reader.IsStackPointerInit())
                                {
                                    return false;
                                }

                                mutableIndices.Add(importedGlobals + i);
                            }
                            else if (!reader.SkipConstExpr())
                            {
                                return false;
                            }
                        }

                        break;
                    case ExportSection:
                        for (var n = reader.U32(); n > 0; n--)
                        {
                            reader.Skip((int)reader.U32());
                            var kind = reader.Byte();
                            var index = (int)reader.U32();
                            if (kind == 3 && mutableIndices.Contains(index))
                            {
                                return false;
                            }
                        }

                        break;
                    case StartSection:
                        return false;
                }

                reader.Position = end;
            }

            return true;
        }
        catch (IndexOutOfRangeException)
        {
            return false;
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; set; }

        public readonly bool AtEnd => Position >= _bytes.Length;

        public byte Byte() => _bytes[Position++];

        public void Skip(int n)
        {
            Position += n;
            if (Position > _bytes.Length)
            {
                throw new IndexOutOfRangeException();
            }
        }

        public ulong U32()
        {
            ulong result = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = Byte();
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0 || shift > 63)
                {
                    return result;
                }
            }
        }

        public void Limits()
        {
            var flags = Byte();
            U32();
            if ((flags & 1) != 0)
            {
                U32();
            }
        }

        /// <summary>Reads <c>i32.const N end</c> with N a positive multiple of 16 (a stack top).</summary>
        public bool IsStackPointerInit()
        {
            if (Byte() != 0x41)
            {
                return false;
            }

            var start = Position;
            var value = U32();
            var width = Position - start;
            // Positive values below 2^31 encode in at most 5 LEB bytes with the sign bit of the last one clear.
            return Byte() == 0x0B && width <= 5 && (_bytes[start + width - 1] & 0x40) == 0 && value > 0 && value % 16 == 0;
        }

        /// <summary>Skips a constant expression up to and including its <c>end</c>.</summary>
        public bool SkipConstExpr()
        {
            while (true)
            {
                switch (Byte())
                {
                    case 0x0B:
                        return true;
                    case 0x41 or 0x42 or 0x23 or 0xD2:
                        U32();
                        break;
                    case 0x43:
                        Skip(4);
                        break;
                    case 0x44:
                        Skip(8);
                        break;
                    case 0xD0:
                        Byte();
                        break;
                    case 0x6A or 0x6B or 0x6C or 0x7C or 0x7D or 0x7E:
                        break;
                    default:
                        return false;
                }
            }
        }
    }
}
