namespace Wharf.Wasm.Wasi;

/// <summary>fd_* functions.</summary>
internal sealed partial class WasiContext
{
    /// <summary>Streams are not seekable: leaving FD_SEEK/FD_TELL out is also how wasi-libc's
    /// isatty() recognises a terminal-like stdio stream (and line-buffers stdout).</summary>
    private const long StreamRights = WasiFlags.AllRights & ~((1L << 2) | (1L << 5));

    public Errno FdWrite(GuestMemory mem, int fd, int iovs, int iovsLen, int nwrittenPtr)
    {
        var entry = Get(fd);
        var count = mem.IovecCount(iovs, iovsLen);
        long total = 0;
        switch (entry)
        {
            case StreamFd { Readable: false } s:
                for (var i = 0; i < count; i++)
                {
                    var data = mem.Iovec(iovs, i);
                    s.Stream.Write(data);
                    total += data.Length;
                }

                break;
            case FileFd { CanWrite: true } f:
                if (f.Append)
                {
                    f.Position = RandomAccess.GetLength(f.Handle);
                }

                for (var i = 0; i < count; i++)
                {
                    var data = mem.Iovec(iovs, i);
                    RandomAccess.Write(f.Handle, data, f.Position);
                    f.Position += data.Length;
                    total += data.Length;
                }

                break;
            case DirFd:
                return Errno.Isdir;
            default:
                return Errno.Badf;
        }

        mem.WriteU32(nwrittenPtr, (uint)total);
        return Errno.Success;
    }

    public Errno FdRead(GuestMemory mem, int fd, int iovs, int iovsLen, int nreadPtr)
    {
        var entry = Get(fd);
        var count = mem.IovecCount(iovs, iovsLen);
        long total = 0;
        switch (entry)
        {
            case StreamFd { Readable: true } s:
                for (var i = 0; i < count; i++)
                {
                    var buffer = mem.Iovec(iovs, i);
                    var n = s.Stream.Read(buffer);
                    total += n;
                    if (n < buffer.Length)
                    {
                        break; // a short read must not block waiting for more input
                    }
                }

                break;
            case FileFd { CanRead: true } f:
                for (var i = 0; i < count; i++)
                {
                    var buffer = mem.Iovec(iovs, i);
                    var n = RandomAccess.Read(f.Handle, buffer, f.Position);
                    f.Position += n;
                    total += n;
                    if (n < buffer.Length)
                    {
                        break;
                    }
                }

                break;
            case DirFd:
                return Errno.Isdir;
            default:
                return Errno.Badf;
        }

        mem.WriteU32(nreadPtr, (uint)total);
        return Errno.Success;
    }

    public Errno FdPread(GuestMemory mem, int fd, int iovs, int iovsLen, long offset, int nreadPtr)
    {
        var f = PositionalFile(fd, write: false, offset);
        var count = mem.IovecCount(iovs, iovsLen);
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            var buffer = mem.Iovec(iovs, i);
            var n = RandomAccess.Read(f.Handle, buffer, offset + total);
            total += n;
            if (n < buffer.Length)
            {
                break;
            }
        }

        mem.WriteU32(nreadPtr, (uint)total);
        return Errno.Success;
    }

    public Errno FdPwrite(GuestMemory mem, int fd, int iovs, int iovsLen, long offset, int nwrittenPtr)
    {
        var f = PositionalFile(fd, write: true, offset);
        var count = mem.IovecCount(iovs, iovsLen);
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            var data = mem.Iovec(iovs, i);
            RandomAccess.Write(f.Handle, data, offset + total);
            total += data.Length;
        }

        mem.WriteU32(nwrittenPtr, (uint)total);
        return Errno.Success;
    }

    private FileFd PositionalFile(int fd, bool write, long offset)
    {
        var entry = Get(fd);
        if (entry is StreamFd)
        {
            throw new WasiErrnoException(Errno.Spipe);
        }

        if (entry is DirFd)
        {
            throw new WasiErrnoException(Errno.Isdir);
        }

        var f = (FileFd)entry;
        if (write ? !f.CanWrite : !f.CanRead)
        {
            throw new WasiErrnoException(Errno.Badf);
        }

        return offset < 0 ? throw new WasiErrnoException(Errno.Inval) : f;
    }

    public Errno FdSeek(GuestMemory mem, int fd, long offset, int whence, int newOffsetPtr)
    {
        var f = Get(fd) switch
        {
            FileFd file => file,
            StreamFd => throw new WasiErrnoException(Errno.Spipe),
            _ => throw new WasiErrnoException(Errno.Badf),
        };
        var origin = whence switch
        {
            WasiFlags.WhenceSet => 0,
            WasiFlags.WhenceCur => f.Position,
            WasiFlags.WhenceEnd => RandomAccess.GetLength(f.Handle),
            _ => throw new WasiErrnoException(Errno.Inval),
        };
        var target = origin + offset;
        if (target < 0 || (offset > 0 && target < origin))
        {
            return Errno.Inval;
        }

        f.Position = target;
        mem.WriteU64(newOffsetPtr, (ulong)target);
        return Errno.Success;
    }

    public Errno FdTell(GuestMemory mem, int fd, int offsetPtr)
    {
        switch (Get(fd))
        {
            case FileFd f:
                mem.WriteU64(offsetPtr, (ulong)f.Position);
                return Errno.Success;
            case StreamFd:
                return Errno.Spipe;
            default:
                return Errno.Badf;
        }
    }

    public Errno FdSync(int fd)
    {
        switch (Get(fd))
        {
            case FileFd f:
                RandomAccess.FlushToDisk(f.Handle);
                break;
            case StreamFd s when !s.Readable:
                s.Stream.Flush();
                break;
        }

        return Errno.Success;
    }

    public Errno FdFdstatGet(GuestMemory mem, int fd, int resultPtr)
    {
        var entry = Get(fd);
        mem.Span(resultPtr, 24).Clear();
        mem.WriteU8(resultPtr, (byte)entry.Filetype);
        mem.WriteU16(resultPtr + 2, (ushort)entry.Flags);
        var rights = entry is StreamFd ? entry.RightsBase & StreamRights : entry.RightsBase;
        mem.WriteU64(resultPtr + 8, (ulong)rights);
        mem.WriteU64(resultPtr + 16, (ulong)entry.RightsInheriting);
        return Errno.Success;
    }

    public Errno FdFdstatSetFlags(int fd, int flags)
    {
        var entry = Get(fd);
        if ((flags & (WasiFlags.FdDsync | WasiFlags.FdRsync | WasiFlags.FdSync)) != 0 || (flags & ~0x1F) != 0)
        {
            return Errno.Notsup;
        }

        // APPEND is honoured for files; NONBLOCK changes nothing because these fds never block
        // on more than the host call itself.
        entry.Flags = flags;
        return Errno.Success;
    }

    public Errno FdFdstatSetRights(int fd, long rightsBase, long rightsInheriting)
    {
        var entry = Get(fd);
        if ((rightsBase & ~entry.RightsBase) != 0 || (rightsInheriting & ~entry.RightsInheriting) != 0)
        {
            return Errno.Notcapable; // rights can only be dropped
        }

        entry.RightsBase = rightsBase;
        entry.RightsInheriting = rightsInheriting;
        return Errno.Success;
    }

    public Errno FdAdvise(int fd, long offset, long length, int advice)
    {
        var entry = Get(fd);
        if (entry is StreamFd)
        {
            return Errno.Spipe;
        }

        // The advice is a hint; validating it is all there is to do.
        return advice is < 0 or > 5 || offset < 0 || length < 0 ? Errno.Inval : Errno.Success;
    }

    public Errno FdAllocate(int fd, long offset, long length)
    {
        var f = Get<FileFd>(fd, Errno.Badf);
        if (offset < 0 || length <= 0)
        {
            return Errno.Inval;
        }

        if (!f.CanWrite)
        {
            return Errno.Badf;
        }

        var end = offset + length;
        if (end < offset)
        {
            return Errno.Fbig;
        }

        if (end > RandomAccess.GetLength(f.Handle))
        {
            RandomAccess.SetLength(f.Handle, end);
        }

        return Errno.Success;
    }

    public Errno FdFilestatGet(GuestMemory mem, int fd, int resultPtr)
    {
        switch (Get(fd))
        {
            case FileFd f:
                Filestat.Write(mem, resultPtr, Filestat.Of(f));
                break;
            case DirFd d:
                Filestat.Write(mem, resultPtr, Filestat.OfPath(d.HostPath, follow: true));
                break;
            default:
                Filestat.Write(mem, resultPtr, new Filestat(0, Filetype.CharacterDevice, 1, 0, 0, 0));
                break;
        }

        return Errno.Success;
    }

    public Errno FdFilestatSetSize(int fd, long size)
    {
        var f = Get<FileFd>(fd, Errno.Badf);
        if (size < 0)
        {
            return Errno.Inval;
        }

        if (!f.CanWrite)
        {
            return Errno.Badf;
        }

        RandomAccess.SetLength(f.Handle, size);
        return Errno.Success;
    }

    public Errno FdFilestatSetTimes(int fd, long atim, long mtim, int fstFlags)
    {
        switch (Get(fd))
        {
            case FileFd f:
                if (f.Root.ReadOnly)
                {
                    return Errno.Rofs;
                }

                Filestat.SetTimes(f.HostPath, atim, mtim, fstFlags);
                return Errno.Success;
            case DirFd d:
                if (d.Root.ReadOnly)
                {
                    return Errno.Rofs;
                }

                Filestat.SetTimes(d.HostPath, atim, mtim, fstFlags);
                return Errno.Success;
            default:
                return Errno.Badf;
        }
    }
}
