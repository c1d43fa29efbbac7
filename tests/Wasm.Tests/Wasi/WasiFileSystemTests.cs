using System.Text;
using Wharf.Wasm.Wasi;

namespace Wharf.Wasm.Tests.Wasi;

public sealed class WasiFileSystemTests
{
    private const int Out = WasiHarness.OutPtr;

    [Fact]
    public void PathOpen_CreateWriteReopenRead_RoundTrips()
    {
        using var h = new WasiHarness();
        var (errno, fd) = h.Open("notes.txt", WasiFlags.OCreat | WasiFlags.OTrunc, read: false, write: true);
        Assert.Equal(Errno.Success, errno);
        Assert.Equal(Errno.Success, h.Write(fd, "hello file"));
        Assert.Equal(Errno.Success, h.Context.FdClose(fd));

        var (errno2, fd2) = h.Open("notes.txt");

        Assert.Equal(Errno.Success, errno2);
        Assert.Equal((Errno.Success, "hello file"), h.Read(fd2));
        Assert.Equal("hello file", File.ReadAllText(Path.Join(h.Root, "notes.txt")));
    }

    [Fact]
    public void PathOpen_MissingWithoutCreate_IsNoent()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Noent, h.Open("nope.txt").Errno);
        Assert.Equal(Errno.Noent, h.Open("missing-dir/file.txt", WasiFlags.OCreat, write: true).Errno);
    }

    [Fact]
    public void PathOpen_CreateExclusiveOnExisting_IsExist()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "x"));

        Assert.Equal(Errno.Exist, h.Open("a", WasiFlags.OCreat | WasiFlags.OExcl, write: true).Errno);
    }

    [Fact]
    public void PathOpen_DirectoryFlagOnFile_IsNotdir()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "x"));

        Assert.Equal(Errno.Notdir, h.Open("a", WasiFlags.ODirectory).Errno);
    }

    [Fact]
    public void PathOpen_DirectoryForWriting_IsIsdir()
    {
        using var h = new WasiHarness(setup: r => Directory.CreateDirectory(Path.Join(r, "d")));

        Assert.Equal(Errno.Isdir, h.Open("d", write: true).Errno);
        Assert.Equal(Errno.Success, h.Open("d", WasiFlags.ODirectory).Errno);
    }

    [Fact]
    public void PathOpen_EscapeAttempts_AreNotCapable()
    {
        using var h = new WasiHarness();

        Assert.Equal(Errno.Notcapable, h.Open("../outside.txt", WasiFlags.OCreat, write: true).Errno);
        Assert.Equal(Errno.Notcapable, h.Open("/etc/passwd").Errno);
        Assert.False(File.Exists(Path.Join(Path.GetDirectoryName(h.Root), "outside.txt")));
    }

    [Fact]
    public void PathOpen_NoFollowOnSymlink_IsLoop()
    {
        using var h = new WasiHarness(setup: r =>
        {
            File.WriteAllText(Path.Join(r, "target"), "t");
            File.CreateSymbolicLink(Path.Join(r, "link"), "target");
        });

        Assert.Equal(Errno.Loop, h.Open("link", follow: false).Errno);
        Assert.Equal(Errno.Success, h.Open("link", follow: true).Errno);
    }

    [Fact]
    public void ReadOnlyPreopen_Writes_AreRofsButReadsWork()
    {
        using var h = new WasiHarness(readOnly: true, setup: r => File.WriteAllText(Path.Join(r, "a"), "data"));

        Assert.Equal(Errno.Rofs, h.Open("new", WasiFlags.OCreat, write: true).Errno);
        Assert.Equal(Errno.Rofs, h.Open("a", write: true).Errno);
        Assert.Equal(Errno.Rofs, h.PathCall("dir", (p, l) => h.Context.PathCreateDirectory(h.Mem, 3, p, l)));
        Assert.Equal(Errno.Rofs, h.PathCall("a", (p, l) => h.Context.PathUnlinkFile(h.Mem, 3, p, l)));
        var (errno, fd) = h.Open("a");
        Assert.Equal(Errno.Success, errno);
        Assert.Equal((Errno.Success, "data"), h.Read(fd));
        Assert.True(File.Exists(Path.Join(h.Root, "a")));
    }

    [Fact]
    public void FdSeekAndTell_File_MoveTheOffset()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "0123456789"));
        var (_, fd) = h.Open("a");

        Assert.Equal(Errno.Success, h.Context.FdSeek(h.Mem, fd, -3, WasiFlags.WhenceEnd, Out));
        Assert.Equal(7ul, h.U64(Out));
        Assert.Equal((Errno.Success, "789"), h.Read(fd));
        Assert.Equal(Errno.Success, h.Context.FdTell(h.Mem, fd, Out));
        Assert.Equal(10ul, h.U64(Out));
        Assert.Equal(Errno.Inval, h.Context.FdSeek(h.Mem, fd, -11, WasiFlags.WhenceEnd, Out));
        Assert.Equal(Errno.Inval, WasiHarness.Call(() => h.Context.FdSeek(h.Mem, fd, 0, 3, Out)));
    }

    [Fact]
    public void FdPreadPwrite_DoNotMoveTheOffset()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "abcdef"));
        var (_, fd) = h.Open("a", write: true);
        h.PutString(WasiHarness.BufPtr, "XY");
        h.PutIovec(Out + 64, WasiHarness.BufPtr, 2);

        Assert.Equal(Errno.Success, h.Context.FdPwrite(h.Mem, fd, Out + 64, 1, 2, Out));
        h.PutIovec(Out + 64, WasiHarness.BufPtr, 3);
        Assert.Equal(Errno.Success, h.Context.FdPread(h.Mem, fd, Out + 64, 1, 1, Out));

        Assert.Equal("bXY", Encoding.UTF8.GetString(h.Bytes(WasiHarness.BufPtr, 3)));
        Assert.Equal((Errno.Success, "abXYef"), h.Read(fd));
    }

    [Fact]
    public void FdWrite_AppendFlag_WritesAtEnd()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "log"), "one\n"));
        var (_, fd) = h.Open("log", read: false, write: true, fdflags: WasiFlags.FdAppend);

        h.Write(fd, "two\n");

        Assert.Equal("one\ntwo\n", File.ReadAllText(Path.Join(h.Root, "log")));
    }

    [Fact]
    public void FdFilestatGet_File_ReportsTypeAndSize()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "12345"));
        var (_, fd) = h.Open("a");

        Assert.Equal(Errno.Success, h.Context.FdFilestatGet(h.Mem, fd, Out));

        Assert.Equal((byte)Filetype.RegularFile, h.Bytes(Out + 16, 1)[0]);
        Assert.Equal(5ul, h.U64(Out + 32));
        Assert.True(h.U64(Out + 48) > 0);
    }

    [Fact]
    public void FdFilestatSetSize_Truncates()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "12345"));
        var (_, fd) = h.Open("a", write: true);

        Assert.Equal(Errno.Success, h.Context.FdFilestatSetSize(fd, 2));

        Assert.Equal("12", File.ReadAllText(Path.Join(h.Root, "a")));
    }

    [Fact]
    public void PathFilestatGet_SymlinkWithAndWithoutFollow_DiffersInType()
    {
        using var h = new WasiHarness(setup: r =>
        {
            Directory.CreateDirectory(Path.Join(r, "d"));
            File.CreateSymbolicLink(Path.Join(r, "l"), "d");
        });

        Assert.Equal(Errno.Success, h.PathCall("l", (p, l) => h.Context.PathFilestatGet(h.Mem, 3, 0, p, l, Out)));
        Assert.Equal((byte)Filetype.SymbolicLink, h.Bytes(Out + 16, 1)[0]);
        Assert.Equal(Errno.Success, h.PathCall("l", (p, l) => h.Context.PathFilestatGet(h.Mem, 3, 1, p, l, Out)));
        Assert.Equal((byte)Filetype.Directory, h.Bytes(Out + 16, 1)[0]);
        Assert.Equal(Errno.Noent, h.PathCall("zz", (p, l) => h.Context.PathFilestatGet(h.Mem, 3, 1, p, l, Out)));
    }

    [Fact]
    public void DirectoryLifecycle_CreateRemove_WithPosixErrors()
    {
        using var h = new WasiHarness();
        Errno Mkdir(string p) => h.PathCall(p, (ptr, len) => h.Context.PathCreateDirectory(h.Mem, 3, ptr, len));
        Errno Rmdir(string p) => h.PathCall(p, (ptr, len) => h.Context.PathRemoveDirectory(h.Mem, 3, ptr, len));

        Assert.Equal(Errno.Success, Mkdir("d"));
        Assert.Equal(Errno.Exist, Mkdir("d"));
        Assert.Equal(Errno.Noent, Mkdir("x/y"));
        Assert.Equal(Errno.Success, Mkdir("d/e"));
        Assert.Equal(Errno.Notempty, Rmdir("d"));
        Assert.Equal(Errno.Success, Rmdir("d/e"));
        Assert.Equal(Errno.Success, Rmdir("d"));
        Assert.Equal(Errno.Noent, Rmdir("d"));
        Assert.Equal(Errno.Busy, Rmdir("."));
        Assert.True(Directory.Exists(h.Root));
    }

    [Fact]
    public void PathUnlinkFile_DirectoryAndMissing_AreIsdirAndNoent()
    {
        using var h = new WasiHarness(setup: r => Directory.CreateDirectory(Path.Join(r, "d")));

        Assert.Equal(Errno.Isdir, h.PathCall("d", (p, l) => h.Context.PathUnlinkFile(h.Mem, 3, p, l)));
        Assert.Equal(Errno.Noent, h.PathCall("f", (p, l) => h.Context.PathUnlinkFile(h.Mem, 3, p, l)));
    }

    [Fact]
    public void PathRename_FileOverExistingFile_Replaces()
    {
        using var h = new WasiHarness(setup: r =>
        {
            File.WriteAllText(Path.Join(r, "a"), "A");
            File.WriteAllText(Path.Join(r, "b"), "B");
        });
        var oldLen = h.PutString(WasiHarness.PathPtr, "a");
        var newLen = h.PutString(WasiHarness.Path2Ptr, "b");

        Assert.Equal(Errno.Success, h.Context.PathRename(h.Mem, 3, WasiHarness.PathPtr, oldLen, 3, WasiHarness.Path2Ptr, newLen));

        Assert.False(File.Exists(Path.Join(h.Root, "a")));
        Assert.Equal("A", File.ReadAllText(Path.Join(h.Root, "b")));
    }

    [Fact]
    public void PathRename_OutsideSandbox_IsNotCapable()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "A"));
        var oldLen = h.PutString(WasiHarness.PathPtr, "a");
        var newLen = h.PutString(WasiHarness.Path2Ptr, "../stolen");

        Assert.Equal(Errno.Notcapable, WasiHarness.Call(() =>
            h.Context.PathRename(h.Mem, 3, WasiHarness.PathPtr, oldLen, 3, WasiHarness.Path2Ptr, newLen)));
        Assert.True(File.Exists(Path.Join(h.Root, "a")));
    }

    [Fact]
    public void PathSymlinkAndReadlink_RelativeTarget_RoundTrips()
    {
        using var h = new WasiHarness();
        var targetLen = h.PutString(WasiHarness.Path2Ptr, "some/target");
        var linkLen = h.PutString(WasiHarness.PathPtr, "ln");

        Assert.Equal(Errno.Success, h.Context.PathSymlink(h.Mem, WasiHarness.Path2Ptr, targetLen, 3, WasiHarness.PathPtr, linkLen));
        Assert.Equal(Errno.Success, h.Context.PathReadlink(h.Mem, 3, WasiHarness.PathPtr, linkLen, WasiHarness.BufPtr, 64, Out));

        Assert.Equal(11u, h.U32(Out));
        Assert.Equal("some/target", Encoding.UTF8.GetString(h.Bytes(WasiHarness.BufPtr, 11)));
    }

    [Fact]
    public void PathSymlink_AbsoluteTarget_IsNotCapable()
    {
        using var h = new WasiHarness();
        var targetLen = h.PutString(WasiHarness.Path2Ptr, "/etc");
        var linkLen = h.PutString(WasiHarness.PathPtr, "ln");

        Assert.Equal(Errno.Notcapable, h.Context.PathSymlink(h.Mem, WasiHarness.Path2Ptr, targetLen, 3, WasiHarness.PathPtr, linkLen));
        Assert.False(File.Exists(Path.Join(h.Root, "ln")));
    }

    [Fact]
    public void PathLink_File_CreatesHardLink()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "A"));
        var oldLen = h.PutString(WasiHarness.PathPtr, "a");
        var newLen = h.PutString(WasiHarness.Path2Ptr, "b");

        Assert.Equal(Errno.Success, h.Context.PathLink(h.Mem, 3, 0, WasiHarness.PathPtr, oldLen, 3, WasiHarness.Path2Ptr, newLen));
        File.AppendAllText(Path.Join(h.Root, "a"), "+");

        Assert.Equal("A+", File.ReadAllText(Path.Join(h.Root, "b")));
        Assert.Equal(Errno.Exist, h.Context.PathLink(h.Mem, 3, 0, WasiHarness.PathPtr, oldLen, 3, WasiHarness.Path2Ptr, newLen));
    }

    [Fact]
    public void FdReaddir_Directory_ListsDotEntriesAndChildren()
    {
        using var h = new WasiHarness(setup: r =>
        {
            File.WriteAllText(Path.Join(r, "b.txt"), "");
            Directory.CreateDirectory(Path.Join(r, "a"));
        });

        Assert.Equal(Errno.Success, h.Context.FdReaddir(h.Mem, 3, WasiHarness.BufPtr, 1024, 0, Out));

        var names = ParseDirents(h, (int)h.U32(Out));
        Assert.Equal([(".", Filetype.Directory), ("..", Filetype.Directory), ("a", Filetype.Directory), ("b.txt", Filetype.RegularFile)], names);
    }

    [Fact]
    public void FdReaddir_SmallBuffer_TruncatesAndResumesByCookie()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "file-with-long-name"), ""));

        Assert.Equal(Errno.Success, h.Context.FdReaddir(h.Mem, 3, WasiHarness.BufPtr, 30, 0, Out));
        Assert.Equal(30u, h.U32(Out)); // full buffer: more entries remain
        Assert.Equal(Errno.Success, h.Context.FdReaddir(h.Mem, 3, WasiHarness.BufPtr, 1024, 2, Out));

        Assert.Equal([("file-with-long-name", Filetype.RegularFile)], ParseDirents(h, (int)h.U32(Out)));
    }

    [Fact]
    public void FdReaddir_OnFile_IsNotdir()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), ""));
        var (_, fd) = h.Open("a");

        Assert.Equal(Errno.Notdir, WasiHarness.Call(() => h.Context.FdReaddir(h.Mem, fd, WasiHarness.BufPtr, 100, 0, Out)));
    }

    [Fact]
    public void FdFilestatSetTimes_ExplicitTimes_AreApplied()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "x"));
        var (_, fd) = h.Open("a", write: true);
        const long Mtime = 1_600_000_000L * 1_000_000_000;

        Assert.Equal(Errno.Success, h.Context.FdFilestatSetTimes(fd, Mtime, Mtime, WasiFlags.AtimSet | WasiFlags.MtimSet));

        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1_600_000_000), File.GetLastWriteTimeUtc(Path.Join(h.Root, "a")));
        Assert.Equal(Errno.Inval, WasiHarness.Call(() => h.Context.FdFilestatSetTimes(fd, 0, 0, WasiFlags.MtimSet | WasiFlags.MtimNow)));
    }

    [Fact]
    public void PathFilestatSetTimes_ReadOnlyPreopen_IsRofs()
    {
        using var h = new WasiHarness(readOnly: true, setup: r => File.WriteAllText(Path.Join(r, "a"), "x"));

        Assert.Equal(Errno.Rofs, h.PathCall("a", (p, l) => h.Context.PathFilestatSetTimes(h.Mem, 3, 1, p, l, 0, 0, WasiFlags.MtimNow)));
    }

    [Fact]
    public void FdAllocate_BeyondEnd_ExtendsFile()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "x"));
        var (_, fd) = h.Open("a", write: true);
        var (_, readOnlyFd) = h.Open("a");

        Assert.Equal(Errno.Success, h.Context.FdAllocate(fd, 0, 100));
        Assert.Equal(100, new FileInfo(Path.Join(h.Root, "a")).Length);
        Assert.Equal(Errno.Success, h.Context.FdAllocate(fd, 0, 10)); // never shrinks
        Assert.Equal(100, new FileInfo(Path.Join(h.Root, "a")).Length);
        Assert.Equal(Errno.Badf, h.Context.FdAllocate(readOnlyFd, 0, 200));
    }

    [Fact]
    public void FdAdviseAndSync_File_SucceedAndValidate()
    {
        using var h = new WasiHarness(setup: r => File.WriteAllText(Path.Join(r, "a"), "x"));
        var (_, fd) = h.Open("a", write: true);

        Assert.Equal(Errno.Success, h.Context.FdAdvise(fd, 0, 1, 1));
        Assert.Equal(Errno.Inval, h.Context.FdAdvise(fd, 0, 1, 9));
        Assert.Equal(Errno.Spipe, h.Context.FdAdvise(1, 0, 1, 0));
        Assert.Equal(Errno.Success, h.Context.FdSync(fd));
        Assert.Equal(Errno.Success, h.Context.FdSync(1));
    }

    [Fact]
    public void PathOpen_SubdirectoryFd_ResolvesRelativeToIt()
    {
        using var h = new WasiHarness(setup: r =>
        {
            Directory.CreateDirectory(Path.Join(r, "d"));
            File.WriteAllText(Path.Join(r, "d", "f"), "in d");
        });
        var (errno, dirFd) = h.Open("d", WasiFlags.ODirectory);
        Assert.Equal(Errno.Success, errno);

        var (errno2, fd) = h.Open("f", dirFd: dirFd);

        Assert.Equal(Errno.Success, errno2);
        Assert.Equal((Errno.Success, "in d"), h.Read(fd));
        Assert.Equal(Errno.Notcapable, h.Open("../../x", dirFd: dirFd).Errno);
        Assert.Equal(Errno.Badf, h.Context.FdPrestatGet(h.Mem, dirFd, Out));
    }

    private static List<(string, Filetype)> ParseDirents(WasiHarness h, int used)
    {
        var list = new List<(string, Filetype)>();
        var offset = 0;
        while (offset + 24 <= used)
        {
            var entry = WasiHarness.BufPtr + offset;
            var nameLength = (int)h.U32(entry + 16);
            var type = (Filetype)h.Bytes(entry + 20, 1)[0];
            list.Add((Encoding.UTF8.GetString(h.Bytes(entry + 24, nameLength)), type));
            offset += 24 + nameLength;
        }

        return list;
    }
}
