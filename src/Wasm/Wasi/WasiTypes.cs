namespace Wharf.Wasm.Wasi;

/// <summary>witx <c>filetype</c>.</summary>
internal enum Filetype : byte
{
    Unknown = 0,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SymbolicLink = 7,
}

/// <summary>witx flag sets and enums used by the host functions.</summary>
internal static class WasiFlags
{
    // oflags
    public const int OCreat = 1;
    public const int ODirectory = 2;
    public const int OExcl = 4;
    public const int OTrunc = 8;

    // fdflags
    public const int FdAppend = 1;
    public const int FdDsync = 2;
    public const int FdNonblock = 4;
    public const int FdRsync = 8;
    public const int FdSync = 16;

    // lookupflags
    public const int SymlinkFollow = 1;

    // fstflags
    public const int AtimSet = 1;
    public const int AtimNow = 2;
    public const int MtimSet = 4;
    public const int MtimNow = 8;

    // rights (only the ones that decide behaviour; the rest are reported, not enforced)
    public const long RightFdRead = 1L << 1;
    public const long RightFdWrite = 1L << 6;

    /// <summary>Every right defined by preview1 (bits 0..29).</summary>
    public const long AllRights = (1L << 30) - 1;

    // clock ids
    public const int ClockRealtime = 0;
    public const int ClockMonotonic = 1;
    public const int ClockProcessCpu = 2;
    public const int ClockThreadCpu = 3;

    // whence
    public const int WhenceSet = 0;
    public const int WhenceCur = 1;
    public const int WhenceEnd = 2;

    // eventtype
    public const byte EventClock = 0;
    public const byte EventFdRead = 1;
    public const byte EventFdWrite = 2;
}
