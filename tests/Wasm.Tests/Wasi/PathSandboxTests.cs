using Wharf.Wasm.Wasi;

namespace Wharf.Wasm.Tests.Wasi;

public sealed class PathSandboxTests : IDisposable
{
    private readonly string _base = Directory.CreateTempSubdirectory("wharf-sandbox-").FullName;
    private readonly string _root;
    private readonly DirFd _dir;

    public PathSandboxTests()
    {
        _root = Path.Join(_base, "root");
        Directory.CreateDirectory(Path.Join(_root, "sub", "deeper"));
        File.WriteAllText(Path.Join(_root, "sub", "file.txt"), "inside");
        File.WriteAllText(Path.Join(_base, "secret.txt"), "outside");
        File.CreateSymbolicLink(Path.Join(_root, "inner-link"), "sub/file.txt");
        File.CreateSymbolicLink(Path.Join(_root, "sub", "up-link"), "../sub/deeper");
        File.CreateSymbolicLink(Path.Join(_root, "escape-link"), "../secret.txt");
        File.CreateSymbolicLink(Path.Join(_root, "abs-link"), Path.Join(_base, "secret.txt"));
        File.CreateSymbolicLink(Path.Join(_root, "sub", "deep-escape"), "../../secret.txt");
        File.CreateSymbolicLink(Path.Join(_root, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Join(_root, "loop-b"), "loop-a");
        _dir = new DirFd(PreopenRoot.Create(new WasiPreopen(_root, "/r")), "", "/r");
    }

    public void Dispose() => Directory.Delete(_base, recursive: true);

    private static Errno ErrorOf(Action action)
    {
        var e = Assert.Throws<WasiErrnoException>(action);
        return e.Errno;
    }

    [Theory]
    [InlineData("sub/file.txt", "sub/file.txt")]
    [InlineData("./sub/./file.txt", "sub/file.txt")]
    [InlineData("sub/deeper/../file.txt", "sub/file.txt")]
    [InlineData("sub//file.txt", "sub/file.txt")]
    [InlineData(".", "")]
    [InlineData("sub/..", "")]
    public void Resolve_PathInsideRoot_StaysInside(string path, string expected)
    {
        var resolved = PathSandbox.Resolve(_dir, path, followFinal: true);

        Assert.Equal(expected, resolved.RelativePath);
        Assert.Equal(expected.Length == 0 ? _root : Path.Join(_root, expected), resolved.HostPath);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../secret.txt")]
    [InlineData("sub/../../secret.txt")]
    [InlineData("sub/deeper/../../../root/sub")]
    public void Resolve_DotDotAboveRoot_IsNotCapable(string path) =>
        Assert.Equal(Errno.Notcapable, ErrorOf(() => PathSandbox.Resolve(_dir, path, followFinal: true)));

    [Fact]
    public void Resolve_AbsolutePath_IsNotCapable() =>
        Assert.Equal(Errno.Notcapable, ErrorOf(() => PathSandbox.Resolve(_dir, Path.Join(_base, "secret.txt"), true)));

    [Fact]
    public void Resolve_EmptyPath_IsNoent() =>
        Assert.Equal(Errno.Noent, ErrorOf(() => PathSandbox.Resolve(_dir, "", true)));

    [Fact]
    public void Resolve_RelativeLinkInside_IsFollowed()
    {
        var resolved = PathSandbox.Resolve(_dir, "inner-link", followFinal: true);

        Assert.Equal(Path.Join(_root, "sub", "file.txt"), resolved.HostPath);
    }

    [Fact]
    public void Resolve_LinkAsIntermediateComponent_IsFollowedInside()
    {
        var resolved = PathSandbox.Resolve(_dir, "sub/up-link/../file.txt", followFinal: true);

        Assert.Equal(Path.Join(_root, "sub", "file.txt"), resolved.HostPath);
    }

    [Theory]
    [InlineData("escape-link")]
    [InlineData("abs-link")]
    [InlineData("sub/deep-escape")]
    public void Resolve_LinkPointingOutside_IsNotCapable(string path) =>
        Assert.Equal(Errno.Notcapable, ErrorOf(() => PathSandbox.Resolve(_dir, path, followFinal: true)));

    [Fact]
    public void Resolve_EscapingLinkAsIntermediate_IsNotCapableEvenWithoutFollow() =>
        Assert.Equal(Errno.Notcapable, ErrorOf(() => PathSandbox.Resolve(_dir, "escape-link/x", followFinal: false)));

    [Fact]
    public void Resolve_FinalLinkWithoutFollow_NamesTheLinkItself()
    {
        var resolved = PathSandbox.Resolve(_dir, "escape-link", followFinal: false);

        Assert.Equal(Path.Join(_root, "escape-link"), resolved.HostPath);
    }

    [Theory]
    [InlineData("sub/file.txt/..")]
    [InlineData("sub/file.txt/x")]
    public void Resolve_FileUsedAsDirectory_IsNotdir(string path) =>
        Assert.Equal(Errno.Notdir, ErrorOf(() => PathSandbox.Resolve(_dir, path, followFinal: true)));

    [Fact]
    public void Resolve_LinkLoop_IsLoop() =>
        Assert.Equal(Errno.Loop, ErrorOf(() => PathSandbox.Resolve(_dir, "loop-a", followFinal: true)));

    [Fact]
    public void Resolve_FromSubdirectoryFd_CannotClimbAboveRoot()
    {
        var sub = new DirFd(_dir.Root, "sub", null);

        Assert.Equal(Path.Join(_root, "sub", "file.txt"), PathSandbox.Resolve(sub, "deeper/../file.txt", true).HostPath);
        Assert.Equal(_root, PathSandbox.Resolve(sub, "..", true).HostPath);
        Assert.Equal(Errno.Notcapable, ErrorOf(() => PathSandbox.Resolve(sub, "../..", true)));
    }

    [Fact]
    public void PreopenRoot_ThroughSymlink_ResolvesToRealPath()
    {
        var alias = Path.Join(_base, "alias");
        Directory.CreateSymbolicLink(alias, _root);

        var root = PreopenRoot.Create(new WasiPreopen(alias, "/a"));

        Assert.Equal(_root, root.HostPath);
    }
}
