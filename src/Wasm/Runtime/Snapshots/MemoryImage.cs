namespace Wharf.Wasm.Runtime.Snapshots;

/// <summary>
/// The contents of one linear memory: its size and only its non-zero 4 KiB chunks, merged into runs. A fresh
/// native block is zero already (calloc, whose large blocks are untouched zero pages), so restoring is one
/// copy per run and zero pages cost neither snapshot space nor restore time.
/// </summary>
internal sealed class MemoryImage
{
    /// <summary>Granularity of the zero scan: a typical OS page, so skipped chunks are never touched on restore.</summary>
    internal const int ChunkSize = 4096;

    /// <summary>Largest run kept in one array, far below the CLR's array limit.</summary>
    private const int MaxRunBytes = 1 << 30;

    private MemoryImage(uint pages, Run[] runs)
    {
        Pages = pages;
        Runs = runs;
        Bytes = runs.Sum(r => (long)r.Bytes.Length);
    }

    /// <summary>Size of the memory in pages when the snapshot was taken.</summary>
    public uint Pages { get; }

    /// <summary>The non-zero ranges, in ascending order.</summary>
    public Run[] Runs { get; }

    /// <summary>Bytes held by the runs.</summary>
    public long Bytes { get; }

    public static MemoryImage Capture(WasmMemory memory)
    {
        var runs = new List<Run>();
        var length = memory.Length;
        long runStart = -1;
        for (long offset = 0; offset < length; offset += ChunkSize)
        {
            var size = (int)Math.Min(ChunkSize, length - offset);
            var zero = !memory.GetSpan(offset, size).ContainsAnyExcept((byte)0);
            if (!zero && runStart < 0)
            {
                runStart = offset;
            }

            if (runStart >= 0 && (zero || offset + size - runStart >= MaxRunBytes))
            {
                var end = zero ? offset : offset + size;
                runs.Add(new Run(runStart, memory.GetSpan(runStart, (int)(end - runStart)).ToArray()));
                runStart = -1;
            }
        }

        if (runStart >= 0)
        {
            runs.Add(new Run(runStart, memory.GetSpan(runStart, (int)(length - runStart)).ToArray()));
        }

        return new MemoryImage(memory.Pages, [.. runs]);
    }

    /// <summary>A new memory of <paramref name="type"/> under <paramref name="hostCap"/>, holding the image.</summary>
    public WasmMemory Restore(Binary.MemoryType type, uint? hostCap)
    {
        var limit = WasmMemory.EffectiveLimit(type.Limits.Min, type.Limits.Max, hostCap);
        if (Pages > limit)
        {
            throw new WasmLinkException($"the snapshot's memory of {Pages} pages exceeds the instance's memory limit of {limit} pages");
        }

        var memory = new WasmMemory(type.Limits.Min, type.Limits.Max, hostCap, Pages);
        foreach (var run in Runs)
        {
            run.Bytes.CopyTo(memory.GetSpan(run.Offset, run.Bytes.Length));
        }

        return memory;
    }

    /// <summary>Bytes that were non-zero at <see cref="Offset"/>.</summary>
    internal readonly record struct Run(long Offset, byte[] Bytes);
}
