using System.Buffers.Binary;
using System.Text;

namespace Wharf.Wasm.Wasi;

/// <summary>fd_readdir.</summary>
internal sealed partial class WasiContext
{
    public Errno FdReaddir(GuestMemory mem, int fd, int buf, int bufLen, long cookie, int bufUsedPtr)
    {
        var dir = Get<DirFd>(fd, Errno.Notdir);
        if (cookie < 0)
        {
            return Errno.Inval;
        }

        if (cookie == 0 || dir.Listing is null)
        {
            dir.Listing = ListDirectory(dir.HostPath);
        }

        var output = mem.Span(buf, bufLen);
        var used = 0;
        Span<byte> header = stackalloc byte[24];
        for (var i = (int)Math.Min(cookie, dir.Listing.Count); i < dir.Listing.Count && used < bufLen; i++)
        {
            var (name, type, ino) = dir.Listing[i];
            var nameBytes = Encoding.UTF8.GetBytes(name);
            header.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)i + 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header[8..], ino);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)nameBytes.Length);
            header[20] = (byte)type;

            // Entries that do not fit are truncated; bufused == buf_len tells the guest to
            // call again with a larger buffer or the last complete entry's cookie.
            used += CopyClamped(header, output[used..]);
            used += CopyClamped(nameBytes, output[used..]);
        }

        mem.WriteU32(bufUsedPtr, (uint)used);
        return Errno.Success;
    }

    private static int CopyClamped(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return n;
    }

    private static List<(string, Filetype, ulong)> ListDirectory(string hostPath)
    {
        var list = new List<(string, Filetype, ulong)>
        {
            (".", Filetype.Directory, Filestat.InodeOf(hostPath)),
            ("..", Filetype.Directory, 0),
        };
        var entries = new DirectoryInfo(hostPath).EnumerateFileSystemInfos()
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var e in entries)
        {
            list.Add((e.Name, Filestat.TypeOf(e), Filestat.InodeOf(e.FullName)));
        }

        return list;
    }
}
