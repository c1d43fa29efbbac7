using System.Text;

namespace Wharf.Wasm.Wasi;

/// <summary>path_* functions. Every path goes through <see cref="PathSandbox"/> first.</summary>
internal sealed partial class WasiContext
{
    private enum NodeKind
    {
        Missing,
        File,
        Directory,
        Link,
    }

    /// <summary>lstat-like classification of a resolved host path.</summary>
    private static NodeKind KindOf(string hostPath)
    {
        if (PathSandbox.ReadLink(hostPath) is not null)
        {
            return NodeKind.Link;
        }

        return Directory.Exists(hostPath) ? NodeKind.Directory
            : File.Exists(hostPath) ? NodeKind.File
            : NodeKind.Missing;
    }

    private PathSandbox.Resolved ResolvePath(GuestMemory mem, int fd, int pathPtr, int pathLen, bool follow, out DirFd dir)
    {
        dir = Get<DirFd>(fd, Errno.Notdir);
        return PathSandbox.Resolve(dir, mem.ReadPath(pathPtr, pathLen), follow);
    }

    private static void EnsureWritable(DirFd dir)
    {
        if (dir.Root.ReadOnly)
        {
            throw new WasiErrnoException(Errno.Rofs);
        }
    }

    public Errno PathOpen(GuestMemory mem, int fd, int dirflags, int pathPtr, int pathLen, int oflags,
        long rightsBase, long rightsInheriting, int fdflags, int fdPtr)
    {
        mem.Span(fdPtr, 4); // fault before opening anything, so a bad pointer leaks no handle
        var follow = (dirflags & WasiFlags.SymlinkFollow) != 0;
        var r = ResolvePath(mem, fd, pathPtr, pathLen, follow, out var dir);
        var creat = (oflags & WasiFlags.OCreat) != 0;
        var excl = (oflags & WasiFlags.OExcl) != 0;
        var trunc = (oflags & WasiFlags.OTrunc) != 0;
        var wantDirectory = (oflags & WasiFlags.ODirectory) != 0 || r.TrailingSlash;
        var wantWrite = (rightsBase & WasiFlags.RightFdWrite) != 0 || trunc || (fdflags & WasiFlags.FdAppend) != 0;
        var wantRead = (rightsBase & WasiFlags.RightFdRead) != 0 || !wantWrite;
        if ((oflags & ~0xF) != 0 || (fdflags & ~0x1F) != 0)
        {
            return Errno.Inval;
        }

        var kind = KindOf(r.HostPath);
        if (kind != NodeKind.Missing && creat && excl)
        {
            return Errno.Exist;
        }

        if (kind == NodeKind.Link)
        {
            return Errno.Loop; // O_NOFOLLOW on a symbolic link
        }

        if (kind == NodeKind.Directory || wantDirectory)
        {
            if (kind == NodeKind.Missing)
            {
                return Errno.Noent;
            }

            if (kind != NodeKind.Directory)
            {
                return Errno.Notdir;
            }

            if (wantWrite)
            {
                return Errno.Isdir;
            }

            return Opened(mem, fdPtr, new DirFd(dir.Root, r.RelativePath, null)
            {
                RightsBase = rightsBase & dir.RightsInheriting,
                RightsInheriting = rightsInheriting & dir.RightsInheriting,
            });
        }

        if (kind == NodeKind.Missing && !creat)
        {
            return Errno.Noent;
        }

        if (dir.Root.ReadOnly && (wantWrite || kind == NodeKind.Missing))
        {
            return Errno.Rofs;
        }

        var mode = kind == NodeKind.Missing ? FileMode.CreateNew : trunc ? FileMode.Truncate : FileMode.Open;
        var access = wantWrite ? (wantRead ? FileAccess.ReadWrite : FileAccess.Write) : FileAccess.Read;
        var options = (fdflags & (WasiFlags.FdDsync | WasiFlags.FdRsync | WasiFlags.FdSync)) != 0
            ? FileOptions.WriteThrough
            : FileOptions.None;
        var handle = File.OpenHandle(r.HostPath, mode, access, FileShare.ReadWrite | FileShare.Delete, options);
        return Opened(mem, fdPtr, new FileFd(handle, r.HostPath, access != FileAccess.Write, wantWrite, dir.Root)
        {
            Flags = fdflags,
            RightsBase = rightsBase & dir.RightsInheriting,
            RightsInheriting = rightsInheriting & dir.RightsInheriting,
        });
    }

    private Errno Opened(GuestMemory mem, int fdPtr, FdEntry entry)
    {
        var fd = Allocate(entry);
        mem.WriteU32(fdPtr, (uint)fd);
        return Errno.Success;
    }

    public Errno PathCreateDirectory(GuestMemory mem, int fd, int pathPtr, int pathLen)
    {
        var r = ResolvePath(mem, fd, pathPtr, pathLen, follow: false, out var dir);
        EnsureWritable(dir);
        if (KindOf(r.HostPath) != NodeKind.Missing)
        {
            return Errno.Exist;
        }

        var parent = Path.GetDirectoryName(r.HostPath)!;
        if (!Directory.Exists(parent))
        {
            return File.Exists(parent) ? Errno.Notdir : Errno.Noent;
        }

        Directory.CreateDirectory(r.HostPath);
        return Errno.Success;
    }

    public Errno PathRemoveDirectory(GuestMemory mem, int fd, int pathPtr, int pathLen)
    {
        var r = ResolvePath(mem, fd, pathPtr, pathLen, follow: false, out var dir);
        EnsureWritable(dir);
        switch (KindOf(r.HostPath))
        {
            case NodeKind.Missing:
                return Errno.Noent;
            case NodeKind.File or NodeKind.Link:
                return Errno.Notdir;
        }

        if (r.RelativePath.Length == 0)
        {
            return Errno.Busy; // the preopened directory itself
        }

        if (Directory.EnumerateFileSystemEntries(r.HostPath).Any())
        {
            return Errno.Notempty;
        }

        Directory.Delete(r.HostPath);
        return Errno.Success;
    }

    public Errno PathUnlinkFile(GuestMemory mem, int fd, int pathPtr, int pathLen)
    {
        var r = ResolvePath(mem, fd, pathPtr, pathLen, follow: false, out var dir);
        EnsureWritable(dir);
        switch (KindOf(r.HostPath))
        {
            case NodeKind.Missing:
                return Errno.Noent;
            case NodeKind.Directory:
                return Errno.Isdir;
            case NodeKind.File when r.TrailingSlash:
                return Errno.Notdir;
        }

        File.Delete(r.HostPath);
        return Errno.Success;
    }

    public Errno PathRename(GuestMemory mem, int fd, int oldPtr, int oldLen, int newFd, int newPtr, int newLen)
    {
        var from = ResolvePath(mem, fd, oldPtr, oldLen, follow: false, out var fromDir);
        var to = ResolvePath(mem, newFd, newPtr, newLen, follow: false, out var toDir);
        EnsureWritable(fromDir);
        EnsureWritable(toDir);
        var source = KindOf(from.HostPath);
        var target = KindOf(to.HostPath);
        if (source == NodeKind.Missing)
        {
            return Errno.Noent;
        }

        if (from.RelativePath.Length == 0 || to.RelativePath.Length == 0)
        {
            return Errno.Busy;
        }

        if (from.HostPath == to.HostPath)
        {
            return Errno.Success;
        }

        if (source == NodeKind.Directory)
        {
            if (target is NodeKind.File or NodeKind.Link)
            {
                return Errno.Notdir;
            }

            if (to.HostPath.StartsWith(from.HostPath + "/", StringComparison.Ordinal))
            {
                return Errno.Inval; // into its own subdirectory
            }

            if (target == NodeKind.Directory)
            {
                if (Directory.EnumerateFileSystemEntries(to.HostPath).Any())
                {
                    return Errno.Notempty;
                }

                Directory.Delete(to.HostPath);
            }

            Directory.Move(from.HostPath, to.HostPath);
            return Errno.Success;
        }

        if (target == NodeKind.Directory)
        {
            return Errno.Isdir;
        }

        if (from.TrailingSlash || to.TrailingSlash)
        {
            return Errno.Notdir;
        }

        File.Move(from.HostPath, to.HostPath, overwrite: true);
        return Errno.Success;
    }

    public Errno PathFilestatGet(GuestMemory mem, int fd, int flags, int pathPtr, int pathLen, int resultPtr)
    {
        var follow = (flags & WasiFlags.SymlinkFollow) != 0;
        var r = ResolvePath(mem, fd, pathPtr, pathLen, follow, out _);
        var stat = Filestat.OfPath(r.HostPath, follow);
        if (r.TrailingSlash && stat.Type != Filetype.Directory)
        {
            return Errno.Notdir;
        }

        Filestat.Write(mem, resultPtr, stat);
        return Errno.Success;
    }

    public Errno PathFilestatSetTimes(GuestMemory mem, int fd, int flags, int pathPtr, int pathLen, long atim, long mtim, int fstFlags)
    {
        var follow = (flags & WasiFlags.SymlinkFollow) != 0;
        var r = ResolvePath(mem, fd, pathPtr, pathLen, follow, out var dir);
        EnsureWritable(dir);
        if (KindOf(r.HostPath) == NodeKind.Link)
        {
            return Errno.Notsup; // .NET cannot set a link's own times (utimensat AT_SYMLINK_NOFOLLOW)
        }

        Filestat.SetTimes(r.HostPath, atim, mtim, fstFlags);
        return Errno.Success;
    }

    public Errno PathReadlink(GuestMemory mem, int fd, int pathPtr, int pathLen, int buf, int bufLen, int bufUsedPtr)
    {
        var r = ResolvePath(mem, fd, pathPtr, pathLen, follow: false, out _);
        var target = PathSandbox.ReadLink(r.HostPath);
        if (target is null)
        {
            return KindOf(r.HostPath) == NodeKind.Missing ? Errno.Noent : Errno.Inval;
        }

        var bytes = Encoding.UTF8.GetBytes(target);
        var n = Math.Min(bytes.Length, Math.Max(bufLen, 0));
        bytes.AsSpan(0, n).CopyTo(mem.Span(buf, n));
        mem.WriteU32(bufUsedPtr, (uint)n);
        return Errno.Success;
    }

    public Errno PathSymlink(GuestMemory mem, int oldPtr, int oldLen, int fd, int newPtr, int newLen)
    {
        var target = mem.ReadPath(oldPtr, oldLen);
        var r = ResolvePath(mem, fd, newPtr, newLen, follow: false, out var dir);
        EnsureWritable(dir);
        if (target.Length == 0)
        {
            return Errno.Noent;
        }

        if (target[0] == '/')
        {
            return Errno.Notcapable; // could only ever point outside the sandbox
        }

        if (KindOf(r.HostPath) != NodeKind.Missing)
        {
            return Errno.Exist;
        }

        File.CreateSymbolicLink(r.HostPath, target);
        return Errno.Success;
    }

    public Errno PathLink(GuestMemory mem, int oldFd, int oldFlags, int oldPtr, int oldLen, int newFd, int newPtr, int newLen)
    {
        var from = ResolvePath(mem, oldFd, oldPtr, oldLen, (oldFlags & WasiFlags.SymlinkFollow) != 0, out _);
        var to = ResolvePath(mem, newFd, newPtr, newLen, follow: false, out var toDir);
        EnsureWritable(toDir);
        switch (KindOf(from.HostPath))
        {
            case NodeKind.Missing:
                return Errno.Noent;
            case NodeKind.Directory:
                return Errno.Perm; // hard links to directories are not allowed (link(2))
        }

        if (KindOf(to.HostPath) != NodeKind.Missing)
        {
            return Errno.Exist;
        }

        if (OperatingSystem.IsWindows())
        {
            return Errno.Notsup;
        }

        return NativeMethods.Link(from.HostPath, to.HostPath) == 0 ? Errno.Success : HostErrors.LastPInvokeErrno();
    }
}
