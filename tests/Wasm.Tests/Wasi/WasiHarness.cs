using System.Buffers.Binary;
using System.Text;
using Wharf.Wasm.Wasi;

namespace Wharf.Wasm.Tests.Wasi;

/// <summary>A WASI context over a one-page memory and a scratch host directory, with helpers to
/// place arguments in guest memory the way a compiled program would.</summary>
internal sealed class WasiHarness : IDisposable
{
    public const int PathPtr = 1024;
    public const int Path2Ptr = 2048;
    public const int OutPtr = 4096;
    public const int BufPtr = 8192;
    public const int PreopenFd = 3;

    private readonly WasmMemory _memory = new(1, 1);

    public WasiHarness(bool readOnly = false, string stdin = "", Action<string>? setup = null)
    {
        Root = Directory.CreateTempSubdirectory("wharf-wasi-").FullName;
        setup?.Invoke(Root);
        Stdin = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        Context = new WasiContext(new WasiOptions
        {
            Args = ["prog", "héllo"],
            Env = [new("A", "1"), new("B", "two")],
            Stdin = Stdin,
            Stdout = Stdout,
            Stderr = Stderr,
            Preopens = [new WasiPreopen(Root, "/data", readOnly)],
        });
    }

    public string Root { get; }

    public WasiContext Context { get; }

    public MemoryStream Stdin { get; }

    public MemoryStream Stdout { get; } = new();

    public MemoryStream Stderr { get; } = new();

    public GuestMemory Mem => new(_memory);

    public Span<byte> Bytes(int ptr, int length) => _memory.GetSpan(ptr, length);

    public uint U32(int ptr) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(ptr, 4));

    public ulong U64(int ptr) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(ptr, 8));

    public int PutString(int ptr, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(Bytes(ptr, bytes.Length));
        return bytes.Length;
    }

    /// <summary>Writes one iovec at <paramref name="iovPtr"/> pointing at <paramref name="buf"/>.</summary>
    public void PutIovec(int iovPtr, int buf, int length)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Bytes(iovPtr, 4), (uint)buf);
        BinaryPrimitives.WriteUInt32LittleEndian(Bytes(iovPtr + 4, 4), (uint)length);
    }

    /// <summary>path_open relative to the preopen; returns the errno and the new fd.</summary>
    public (Errno Errno, int Fd) Open(string path, int oflags = 0, bool read = true, bool write = false,
        int fdflags = 0, bool follow = true, int dirFd = PreopenFd)
    {
        var len = PutString(PathPtr, path);
        var rights = (read ? WasiFlags.RightFdRead : 0) | (write ? WasiFlags.RightFdWrite : 0);
        var errno = Call(() => Context.PathOpen(Mem, dirFd, follow ? 1 : 0, PathPtr, len, oflags, rights, WasiFlags.AllRights, fdflags, OutPtr));
        return (errno, errno == Errno.Success ? (int)U32(OutPtr) : -1);
    }

    public Errno Write(int fd, string text)
    {
        var len = PutString(BufPtr, text);
        PutIovec(OutPtr + 64, BufPtr, len);
        return Call(() => Context.FdWrite(Mem, fd, OutPtr + 64, 1, OutPtr));
    }

    public (Errno Errno, string Text) Read(int fd, int max = 256)
    {
        PutIovec(OutPtr + 64, BufPtr, max);
        var errno = Call(() => Context.FdRead(Mem, fd, OutPtr + 64, 1, OutPtr));
        return errno == Errno.Success
            ? (errno, Encoding.UTF8.GetString(Bytes(BufPtr, (int)U32(OutPtr))))
            : (errno, "");
    }

    public Errno PathCall(string path, Func<int, int, Errno> call)
    {
        var len = PutString(PathPtr, path);
        return Call(() => call(PathPtr, len));
    }

    /// <summary>Runs a call the way the linker binding does: errno exceptions become return values.</summary>
    public static Errno Call(Func<Errno> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (HostErrors.IsErrno(e))
        {
            return HostErrors.From(e);
        }
    }

    public void Dispose()
    {
        Context.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
