using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Wasm.Wasi;

/// <summary>The state of one WASI program: argv, environment, clocks and the fd table. The
/// methods are the preview1 functions; each returns an errno (or throws
/// <see cref="WasiErrnoException"/>, turned into one by the binding layer).</summary>
internal sealed partial class WasiContext : IDisposable
{
    private readonly byte[][] _args;
    private readonly byte[][] _env;
    private readonly List<FdEntry?> _fds = [];
    private readonly long _monotonicStart = Stopwatch.GetTimestamp();

    public WasiContext(WasiOptions options)
    {
        options.Validate();
        _args = [.. options.Args.Select(a => Encoding.UTF8.GetBytes(a + "\0"))];
        _env = [.. options.Env.Select(kv => Encoding.UTF8.GetBytes($"{kv.Key}={kv.Value}\0"))];
        _fds.Add(new StreamFd(options.Stdin ?? Stream.Null, readable: true));
        _fds.Add(new StreamFd(options.Stdout ?? Stream.Null, readable: false));
        _fds.Add(new StreamFd(options.Stderr ?? Stream.Null, readable: false));
        foreach (var preopen in options.Preopens)
        {
            _fds.Add(new DirFd(PreopenRoot.Create(preopen), "", preopen.GuestPath));
        }
    }

    public void Dispose()
    {
        foreach (var fd in _fds)
        {
            fd?.Close();
        }

        _fds.Clear();
    }

    // ---- args / environ ---------------------------------------------------------------------

    public Errno ArgsSizesGet(GuestMemory mem, int countPtr, int sizePtr) => SizesGet(mem, _args, countPtr, sizePtr);

    public Errno ArgsGet(GuestMemory mem, int argv, int buf) => StringsGet(mem, _args, argv, buf);

    public Errno EnvironSizesGet(GuestMemory mem, int countPtr, int sizePtr) => SizesGet(mem, _env, countPtr, sizePtr);

    public Errno EnvironGet(GuestMemory mem, int environ, int buf) => StringsGet(mem, _env, environ, buf);

    private static Errno SizesGet(GuestMemory mem, byte[][] strings, int countPtr, int sizePtr)
    {
        mem.WriteU32(countPtr, (uint)strings.Length);
        mem.WriteU32(sizePtr, (uint)strings.Sum(s => s.Length));
        return Errno.Success;
    }

    private static Errno StringsGet(GuestMemory mem, byte[][] strings, int pointers, int buf)
    {
        var offset = buf;
        for (var i = 0; i < strings.Length; i++)
        {
            mem.WriteU32(pointers + (i * 4), (uint)offset);
            strings[i].CopyTo(mem.Span(offset, strings[i].Length));
            offset += strings[i].Length;
        }

        return Errno.Success;
    }

    // ---- clocks, random, scheduling, process --------------------------------------------------

    public Errno ClockResGet(GuestMemory mem, int id, int resultPtr)
    {
        ulong resolution = id switch
        {
            WasiFlags.ClockRealtime => 100, // DateTime ticks
            WasiFlags.ClockMonotonic => (ulong)Math.Max(1, 1_000_000_000 / Stopwatch.Frequency),
            WasiFlags.ClockProcessCpu or WasiFlags.ClockThreadCpu => 100,
            _ => 0,
        };
        if (resolution == 0)
        {
            return Errno.Inval;
        }

        mem.WriteU64(resultPtr, resolution);
        return Errno.Success;
    }

    public Errno ClockTimeGet(GuestMemory mem, int id, long precision, int resultPtr)
    {
        _ = precision; // a hint only; we always answer at full resolution
        if (!TryNow(id, out var now))
        {
            return Errno.Inval;
        }

        mem.WriteU64(resultPtr, now);
        return Errno.Success;
    }

    /// <summary>The current value of clock <paramref name="id"/> in nanoseconds.</summary>
    internal bool TryNow(int id, out ulong nanos)
    {
        switch (id)
        {
            case WasiFlags.ClockRealtime:
                nanos = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
                return true;
            case WasiFlags.ClockMonotonic:
                nanos = (ulong)Stopwatch.GetElapsedTime(_monotonicStart).Ticks * 100;
                return true;
            case WasiFlags.ClockProcessCpu:
            case WasiFlags.ClockThreadCpu:
                // .NET exposes no per-thread CPU clock; the guest runs on one thread, so the
                // process CPU time is the closest portable measure for both.
                nanos = (ulong)Environment.CpuUsage.TotalTime.Ticks * 100;
                return true;
            default:
                nanos = 0;
                return false;
        }
    }

    public static Errno RandomGet(GuestMemory mem, int buf, int length)
    {
        RandomNumberGenerator.Fill(mem.Span(buf, length));
        return Errno.Success;
    }

    public static Errno SchedYield()
    {
        Thread.Yield();
        return Errno.Success;
    }

    public static void ProcExit(int code) => throw new WasmExitException(code);

    /// <summary>Signals are not part of the sandbox; preview1 deprecates proc_raise.</summary>
    public static Errno ProcRaise(int signal) => signal is < 0 or > 30 ? Errno.Inval : Errno.Nosys;

    /// <summary>No socket is ever handed to the guest, so every sock_* call names a non-socket.</summary>
    public Errno SockCall(int fd) => TryGet(fd, out _) ? Errno.Notsock : Errno.Badf;

    // ---- fd table ----------------------------------------------------------------------------

    internal bool TryGet(int fd, out FdEntry entry)
    {
        if ((uint)fd < (uint)_fds.Count && _fds[fd] is { } e)
        {
            entry = e;
            return true;
        }

        entry = null!;
        return false;
    }

    internal FdEntry Get(int fd) => TryGet(fd, out var e) ? e : throw new WasiErrnoException(Errno.Badf);

    internal T Get<T>(int fd, Errno wrongKind)
        where T : FdEntry => Get(fd) as T ?? throw new WasiErrnoException(wrongKind);

    internal int Allocate(FdEntry entry)
    {
        for (var i = 3; i < _fds.Count; i++)
        {
            if (_fds[i] is null)
            {
                _fds[i] = entry;
                return i;
            }
        }

        _fds.Add(entry);
        return _fds.Count - 1;
    }

    public Errno FdClose(int fd)
    {
        var entry = Get(fd);
        entry.Close();
        _fds[fd] = null;
        return Errno.Success;
    }

    public Errno FdRenumber(int from, int to)
    {
        var source = Get(from);
        var target = Get(to);
        if (from == to)
        {
            return Errno.Success;
        }

        target.Close();
        _fds[to] = source;
        _fds[from] = null;
        return Errno.Success;
    }

    public Errno FdPrestatGet(GuestMemory mem, int fd, int resultPtr)
    {
        if (Get(fd) is not DirFd { PreopenName: { } name })
        {
            return Errno.Badf;
        }

        mem.WriteU32(resultPtr, 0); // tag 0 = dir (and padding)
        mem.WriteU32(resultPtr + 4, (uint)Encoding.UTF8.GetByteCount(name));
        return Errno.Success;
    }

    public Errno FdPrestatDirName(GuestMemory mem, int fd, int pathPtr, int pathLen)
    {
        if (Get(fd) is not DirFd { PreopenName: { } name })
        {
            return Errno.Badf;
        }

        var bytes = Encoding.UTF8.GetBytes(name);
        if (pathLen < bytes.Length)
        {
            return Errno.Nametoolong;
        }

        bytes.CopyTo(mem.Span(pathPtr, bytes.Length));
        return Errno.Success;
    }
}
