using System.Runtime.InteropServices;

namespace Wharf.Wasm;

/// <summary>
/// A linear memory in native (unmanaged) memory, so it is not limited by the 2 GiB array cap and
/// puts no pressure on the GC heap. The block has spare capacity that grows geometrically (doubling,
/// up to the effective maximum), so the many small grows of a C allocator's sbrk copy O(n) bytes in
/// total rather than O(n²); unused capacity is zero (calloc) and, for large blocks, not even committed
/// until touched. Compiled code reloads the base pointer after every call that may grow memory.
/// </summary>
public sealed unsafe class WasmMemory : WasmExtern
{
    /// <summary>Size of a wasm page in bytes.</summary>
    public const int PageSize = 65536;

    internal const uint MaxPages32 = 65536;

    // Read by generated code: the current base address and byte length.
    internal byte* BasePtr;
    internal long ByteLength;

    private long _capacity;
    private bool _released;

    /// <summary>Creates a zeroed memory of <paramref name="minPages"/> pages that may grow to <paramref name="maxPages"/>.</summary>
    public WasmMemory(uint minPages, uint? maxPages)
        : this(minPages, maxPages, null)
    {
    }

    internal WasmMemory(uint minPages, uint? maxPages, uint? hostCap)
        : this(minPages, maxPages, hostCap, minPages)
    {
    }

    /// <summary>A memory typed by <paramref name="minPages"/>/<paramref name="maxPages"/> (and limited by
    /// <paramref name="hostCap"/>) whose current size is already <paramref name="currentPages"/>, as when an
    /// instance is restored from a snapshot of a memory that had grown.</summary>
    internal WasmMemory(uint minPages, uint? maxPages, uint? hostCap, uint currentPages)
    {
        if (minPages > MaxPages32 || maxPages > MaxPages32)
        {
            throw new ArgumentOutOfRangeException(nameof(minPages), "memory size must be at most 65536 pages");
        }

        if (maxPages < minPages)
        {
            throw new ArgumentException("maximum is below minimum", nameof(maxPages));
        }

        DeclaredMax = maxPages;
        var limit = EffectiveLimit(minPages, maxPages, hostCap);
        GrowLimit = limit;
        if (currentPages < minPages || currentPages > limit)
        {
            throw new ArgumentOutOfRangeException(nameof(currentPages), currentPages, $"must be between {minPages} and {limit} pages");
        }

        ByteLength = (long)currentPages * PageSize;
        _capacity = Math.Max(ByteLength, 1);
        BasePtr = (byte*)NativeMemory.AllocZeroed((nuint)_capacity);

        // The GC cannot see native blocks; tell it, so short-lived instances are collected (and their
        // memories freed by the finalizer) at a rate that matches their real footprint.
        GC.AddMemoryPressure(_capacity);
    }

    /// <summary>The size in pages a memory of the given type may reach under <paramref name="hostCap"/>; the cap
    /// never goes below the declared minimum.</summary>
    internal static uint EffectiveLimit(uint minPages, uint? maxPages, uint? hostCap)
    {
        var limit = maxPages ?? MaxPages32;
        return hostCap is { } cap && cap < limit ? Math.Max(cap, minPages) : limit;
    }

    /// <summary>Frees the native block.</summary>
    ~WasmMemory()
    {
        NativeMemory.Free(BasePtr);
        BasePtr = null;
        GC.RemoveMemoryPressure(_capacity);
    }

    /// <summary>Frees the native block now instead of at finalization (the owning instance was disposed while no
    /// guest code ran in it). Afterwards the memory is empty and cannot grow, so any access traps "out of bounds
    /// memory access" instead of touching freed memory.</summary>
    internal void Release()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        var block = BasePtr;
        ByteLength = 0;
        BasePtr = null;
        NativeMemory.Free(block);
        GC.RemoveMemoryPressure(_capacity);
        _capacity = 0;
#pragma warning disable CA1816 // Release is this finalizable type's explicit-free path (driven by WasmInstance.Dispose).
        GC.SuppressFinalize(this);
#pragma warning restore CA1816
    }

    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Memory;

    /// <summary>Current size in pages.</summary>
    public uint Pages => (uint)(ByteLength / PageSize);

    /// <summary>Current size in bytes.</summary>
    public long Length => ByteLength;

    /// <summary>The maximum declared by the module or constructor, if any.</summary>
    public uint? MaxPages => DeclaredMax;

    internal uint? DeclaredMax { get; }

    /// <summary>Effective maximum: the declared maximum lowered by the host cap.</summary>
    internal uint GrowLimit { get; }

    /// <summary>A bounds-checked view of <paramref name="length"/> bytes at <paramref name="offset"/>; traps
    /// "out of bounds memory access" when the range does not fit. Invalid after the memory grows.</summary>
    public Span<byte> GetSpan(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > ByteLength)
        {
            throw new WasmTrapException("out of bounds memory access");
        }

        GC.KeepAlive(this);
        return new Span<byte>(BasePtr + offset, length);
    }

    /// <summary>Grows by <paramref name="deltaPages"/> pages; returns the old size in pages, or -1 when the
    /// maximum (or host cap) would be exceeded or the allocation fails.</summary>
    public int Grow(uint deltaPages)
    {
        var old = Pages;
        if (deltaPages == 0)
        {
            return (int)old;
        }

        if (_released || (ulong)old + deltaPages > GrowLimit)
        {
            return -1;
        }

        var newLength = ((long)old + deltaPages) * PageSize;
        if (newLength > _capacity)
        {
            var capacity = Math.Max(newLength, Math.Min((long)GrowLimit * PageSize, _capacity * 2));
            byte* fresh;
            try
            {
                fresh = (byte*)NativeMemory.AllocZeroed((nuint)capacity);
            }
            catch (OutOfMemoryException)
            {
                return -1;
            }

            // Bytes between the length and the capacity were never writable, so they are still zero.
            Buffer.MemoryCopy(BasePtr, fresh, capacity, ByteLength);
            var stale = BasePtr;
            BasePtr = fresh;
            GC.AddMemoryPressure(capacity - _capacity);
            _capacity = capacity;
            NativeMemory.Free(stale);
        }

        ByteLength = newLength;
        return (int)old;
    }
}
