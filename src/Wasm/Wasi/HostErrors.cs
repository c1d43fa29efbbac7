using System.Runtime.InteropServices;

namespace Wharf.Wasm.Wasi;

/// <summary>Maps host I/O failures to WASI errnos.</summary>
internal static class HostErrors
{
    /// <summary>Failures a WASI call reports as an errno; anything else (traps, proc_exit, bugs)
    /// propagates.</summary>
    public static bool IsErrno(Exception e) =>
        e is WasiErrnoException or IOException or UnauthorizedAccessException;

    public static Errno From(Exception e) => e switch
    {
        WasiErrnoException w => w.Errno,
        FileNotFoundException or DirectoryNotFoundException => Errno.Noent,
        PathTooLongException => Errno.Nametoolong,
        UnauthorizedAccessException u when u.InnerException is IOException inner => FromIOException(inner),
        UnauthorizedAccessException => Errno.Acces,
        IOException io => FromIOException(io),
        _ => Errno.Io,
    };

    /// <summary>On Unix, .NET puts the raw errno of a failed system call in HResult.</summary>
    private static Errno FromIOException(IOException e) =>
        OperatingSystem.IsWindows() ? Errno.Io : FromLinuxErrno(e.HResult);

    public static Errno FromLinuxErrno(int errno) => errno switch
    {
        1 => Errno.Perm,
        2 => Errno.Noent,
        5 => Errno.Io,
        9 => Errno.Badf,
        12 => Errno.Nomem,
        13 => Errno.Acces,
        16 => Errno.Busy,
        17 => Errno.Exist,
        18 => Errno.Xdev,
        20 => Errno.Notdir,
        21 => Errno.Isdir,
        22 => Errno.Inval,
        24 => Errno.Mfile,
        26 => Errno.Txtbsy,
        27 => Errno.Fbig,
        28 => Errno.Nospc,
        30 => Errno.Rofs,
        31 => Errno.Mlink,
        32 => Errno.Pipe,
        36 => Errno.Nametoolong,
        39 => Errno.Notempty,
        40 => Errno.Loop,
        95 => Errno.Notsup,
        _ => Errno.Io,
    };

    public static Errno LastPInvokeErrno() => FromLinuxErrno(Marshal.GetLastPInvokeError());
}

/// <summary>The one POSIX call .NET has no managed equivalent for.</summary>
internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string oldPath, string newPath);
}
