namespace Wharf.Wasm.Wasi;

/// <summary>WASI preview1 error codes (witx <c>errno</c>, u16).</summary>
/// <remarks>https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md#errno</remarks>
internal enum Errno : ushort
{
    Success = 0,
    TooBig = 1,
    Acces = 2,
    Again = 6,
    Badf = 8,
    Busy = 10,
    Exist = 20,
    Fault = 21,
    Fbig = 22,
    Ilseq = 25,
    Intr = 27,
    Inval = 28,
    Io = 29,
    Isdir = 31,
    Loop = 32,
    Mfile = 33,
    Mlink = 34,
    Nametoolong = 37,
    Noent = 44,
    Nomem = 48,
    Nospc = 51,
    Nosys = 52,
    Notdir = 54,
    Notempty = 55,
    Notsock = 57,
    Notsup = 58,
    Overflow = 61,
    Perm = 63,
    Pipe = 64,
    Rofs = 69,
    Spipe = 70,
    Txtbsy = 74,
    Xdev = 75,
    Notcapable = 76,
}

/// <summary>Unwinds a WASI call with an errno; caught at the host-function boundary.</summary>
internal sealed class WasiErrnoException(Errno errno) : Exception(errno.ToString())
{
    public Errno Errno { get; } = errno;
}
