namespace Wharf.Wasm.Wasi;

/// <summary>witx <c>filestat</c> (64 bytes) from host file information.</summary>
/// <remarks>.NET exposes neither st_dev, st_ino, st_nlink nor st_ctim: dev is reported as 0,
/// ino as a stable 64-bit hash of the resolved host path (equal for the same path, so
/// "same file" checks work except across hard links), nlink as 1 and ctim as mtim.</remarks>
internal readonly record struct Filestat(ulong Ino, Filetype Type, ulong Nlink, ulong Size, ulong Atim, ulong Mtim)
{
    public static void Write(GuestMemory mem, int ptr, Filestat stat)
    {
        mem.Span(ptr, 64).Clear();
        mem.WriteU64(ptr + 8, stat.Ino);
        mem.WriteU8(ptr + 16, (byte)stat.Type);
        mem.WriteU64(ptr + 24, stat.Nlink);
        mem.WriteU64(ptr + 32, stat.Size);
        mem.WriteU64(ptr + 40, stat.Atim);
        mem.WriteU64(ptr + 48, stat.Mtim);
        mem.WriteU64(ptr + 56, stat.Mtim);
    }

    public static Filestat Of(FileFd f) => new(
        InodeOf(f.HostPath),
        Filetype.RegularFile,
        1,
        (ulong)RandomAccess.GetLength(f.Handle),
        Nanos(File.GetLastAccessTimeUtc(f.Handle)),
        Nanos(File.GetLastWriteTimeUtc(f.Handle)));

    /// <summary>stat (follow) or lstat (no follow) of a sandbox-resolved host path.</summary>
    public static Filestat OfPath(string hostPath, bool follow)
    {
        FileSystemInfo info = Directory.Exists(hostPath) ? new DirectoryInfo(hostPath) : new FileInfo(hostPath);
        if (info.LinkTarget is { } target && !follow)
        {
            return new(InodeOf(hostPath), Filetype.SymbolicLink, 1, (ulong)System.Text.Encoding.UTF8.GetByteCount(target),
                Nanos(info.LastAccessTimeUtc), Nanos(info.LastWriteTimeUtc));
        }

        if (!info.Exists)
        {
            throw new WasiErrnoException(Errno.Noent);
        }

        var size = info is FileInfo file ? (ulong)file.Length : 4096;
        return new(InodeOf(hostPath), TypeOf(info), 1, size, Nanos(info.LastAccessTimeUtc), Nanos(info.LastWriteTimeUtc));
    }

    public static Filetype TypeOf(FileSystemInfo info) => info switch
    {
        { LinkTarget: not null } => Filetype.SymbolicLink,
        DirectoryInfo => Filetype.Directory,
        FileInfo f when (f.Attributes & FileAttributes.Device) == 0 => Filetype.RegularFile,
        _ => Filetype.Unknown,
    };

    /// <summary>FNV-1a of the path: stable across calls, never 0.</summary>
    public static ulong InodeOf(string hostPath)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var c in hostPath)
        {
            hash = (hash ^ c) * 0x100000001b3UL;
        }

        return hash == 0 ? 1 : hash;
    }

    public static void SetTimes(string hostPath, long atim, long mtim, int flags)
    {
        if ((flags & ~0xF) != 0
            || (flags & (WasiFlags.AtimSet | WasiFlags.AtimNow)) == (WasiFlags.AtimSet | WasiFlags.AtimNow)
            || (flags & (WasiFlags.MtimSet | WasiFlags.MtimNow)) == (WasiFlags.MtimSet | WasiFlags.MtimNow))
        {
            throw new WasiErrnoException(Errno.Inval);
        }

        var now = DateTime.UtcNow;
        var isDir = Directory.Exists(hostPath);
        if (!isDir && !File.Exists(hostPath))
        {
            throw new WasiErrnoException(Errno.Noent);
        }

        if ((flags & (WasiFlags.AtimSet | WasiFlags.AtimNow)) != 0)
        {
            var t = (flags & WasiFlags.AtimNow) != 0 ? now : FromNanos(atim);
            if (isDir)
            {
                Directory.SetLastAccessTimeUtc(hostPath, t);
            }
            else
            {
                File.SetLastAccessTimeUtc(hostPath, t);
            }
        }

        if ((flags & (WasiFlags.MtimSet | WasiFlags.MtimNow)) != 0)
        {
            var t = (flags & WasiFlags.MtimNow) != 0 ? now : FromNanos(mtim);
            if (isDir)
            {
                Directory.SetLastWriteTimeUtc(hostPath, t);
            }
            else
            {
                File.SetLastWriteTimeUtc(hostPath, t);
            }
        }
    }

    public static ulong Nanos(DateTime utc) =>
        utc <= DateTime.UnixEpoch ? 0 : (ulong)(utc - DateTime.UnixEpoch).Ticks * 100;

    private static DateTime FromNanos(long nanos) => DateTime.UnixEpoch.AddTicks((long)((ulong)nanos / 100));
}
