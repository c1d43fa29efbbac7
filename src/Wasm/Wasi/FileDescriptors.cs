using Microsoft.Win32.SafeHandles;

namespace Wharf.Wasm.Wasi;

/// <summary>One entry of the guest's file-descriptor table.</summary>
internal abstract class FdEntry
{
    public long RightsBase { get; set; } = WasiFlags.AllRights;

    public long RightsInheriting { get; set; } = WasiFlags.AllRights;

    public int Flags { get; set; }

    public abstract Filetype Filetype { get; }

    public virtual void Close()
    {
    }
}

/// <summary>fd 0–2: a host stream seen as a character device (not seekable).</summary>
internal sealed class StreamFd(Stream stream, bool readable) : FdEntry
{
    public Stream Stream { get; } = stream;

    public bool Readable { get; } = readable;

    public override Filetype Filetype => Filetype.CharacterDevice;
}

/// <summary>A regular file opened through <c>path_open</c>. Positioned I/O on the raw handle, so
/// read/write/pread/pwrite/seek share one explicit offset with no hidden buffering.</summary>
internal sealed class FileFd(SafeFileHandle handle, string hostPath, bool canRead, bool canWrite, PreopenRoot root) : FdEntry
{
    public SafeFileHandle Handle { get; } = handle;

    public string HostPath { get; } = hostPath;

    public bool CanRead { get; } = canRead;

    public bool CanWrite { get; } = canWrite;

    public PreopenRoot Root { get; } = root;

    public long Position { get; set; }

    public bool Append => (Flags & WasiFlags.FdAppend) != 0;

    public override Filetype Filetype => Filetype.RegularFile;

    public override void Close() => Handle.Dispose();
}

/// <summary>A directory: a preopen or one opened beneath it. <see cref="RelativePath"/> is its
/// location inside <see cref="Root"/> as resolved components ("" for the root itself).</summary>
internal sealed class DirFd(PreopenRoot root, string relativePath, string? preopenName) : FdEntry
{
    public PreopenRoot Root { get; } = root;

    public string RelativePath { get; } = relativePath;

    /// <summary>The guest path for <c>fd_prestat_*</c>; null for directories opened later.</summary>
    public string? PreopenName { get; } = preopenName;

    public string HostPath => RelativePath.Length == 0 ? Root.HostPath : Path.Join(Root.HostPath, RelativePath);

    /// <summary>Listing captured when <c>fd_readdir</c> starts over at cookie 0, so cookies stay
    /// stable while the guest pages through it.</summary>
    public List<(string Name, Filetype Type, ulong Ino)>? Listing { get; set; }

    public override Filetype Filetype => Filetype.Directory;
}

/// <summary>A preopened host directory, resolved once to its real (symlink-free) absolute path.</summary>
internal sealed class PreopenRoot(string hostPath, bool readOnly)
{
    public string HostPath { get; } = hostPath;

    public bool ReadOnly { get; } = readOnly;

    public static PreopenRoot Create(WasiPreopen preopen)
    {
        var full = Path.GetFullPath(preopen.HostPath);
        var resolved = ResolveRealPath(full);
        return new PreopenRoot(Path.TrimEndingDirectorySeparator(resolved), preopen.ReadOnly);
    }

    /// <summary>Resolves every symbolic link along <paramref name="path"/> (like realpath(3)),
    /// so containment checks compare real paths.</summary>
    private static string ResolveRealPath(string path)
    {
        var current = Path.GetPathRoot(path) ?? "/";
        foreach (var part in path[current.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Join(current, part);
            var target = new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true);
            current = target is null ? next : ResolveRealPath(target.FullName);
        }

        return current;
    }
}
