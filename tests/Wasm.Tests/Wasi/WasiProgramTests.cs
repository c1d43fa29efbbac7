using System.Text;
using Wharf.Wasm.Wasi;

namespace Wharf.Wasm.Tests.Wasi;

/// <summary>Real wasi-libc programs (clang --target=wasm32-wasi) against the engine and
/// <see cref="WasiLinkerExtensions.AddWasi"/>.</summary>
public sealed class WasiProgramTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(string program, WasiOptions options)
    {
        using var engine = new WasmEngine();
        var module = engine.Compile(WasiTestPrograms.Load(program));
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var linker = new Linker(engine).AddWasi(options with { Stdout = stdout, Stderr = stderr });
        int code;
        try
        {
            linker.Instantiate(module).GetFunction("_start")!.Invoke();
            code = 0;
        }
        catch (WasmExitException e)
        {
            code = e.ExitCode;
        }

        return (code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public void AddWasi_Hello_WritesStdout()
    {
        var result = Run("hello", new WasiOptions { Args = ["hello"] });

        Assert.Equal((0, "hello, world\n", ""), result);
    }

    [Fact]
    public void AddWasi_ExitCall_SurfacesAsExitException()
    {
        var result = Run("exitcode", new WasiOptions { Args = ["exitcode", "17"] });

        Assert.Equal((17, "exiting with 17\n", "stderr line\n"), result);
    }

    [Fact]
    public void AddWasi_EscapeAttempts_AreAllRefused()
    {
        var dir = Directory.CreateTempSubdirectory("wharf-escape-").FullName;
        try
        {
            var root = Path.Join(dir, "root");
            Directory.CreateDirectory(Path.Join(root, "sub"));
            File.WriteAllText(Path.Join(dir, "secret.txt"), "secret\n");
            File.WriteAllText(Path.Join(root, "sub", "in.txt"), "inside\n");
            File.CreateSymbolicLink(Path.Join(root, "up"), "../secret.txt");
            File.CreateSymbolicLink(Path.Join(root, "abs"), Path.Join(dir, "secret.txt"));
            File.CreateSymbolicLink(Path.Join(root, "good"), "sub/in.txt");
            Directory.CreateSymbolicLink(Path.Join(root, "sub", "parent"), "../..");
            string[] paths =
            [
                "/data/good", "/data/up", "/data/abs", "/data/../secret.txt", "/data/sub/../../secret.txt",
                "/data/sub/parent/secret.txt", Path.Join(dir, "secret.txt"), "/data/sub/in.txt",
            ];

            var result = Run("escape", new WasiOptions
            {
                Args = ["escape", .. paths],
                Preopens = [new WasiPreopen(root, "/data")],
            });

            var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(paths.Length, lines.Length);
            Assert.Equal("open /data/good: ok inside", lines[0]);
            Assert.Equal("open /data/sub/in.txt: ok inside", lines[^1]);
            Assert.All(lines[1..^1], line => Assert.EndsWith(": Capabilities insufficient", line, StringComparison.Ordinal));
            Assert.DoesNotContain("secret", result.Stdout.Replace("secret.txt", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AddWasi_MissingPreopenDirectory_ThrowsUpFront()
    {
        using var engine = new WasmEngine();

        Assert.Throws<DirectoryNotFoundException>(() =>
            new Linker(engine).AddWasi(new WasiOptions { Preopens = [new WasiPreopen("/no/such/dir", "/x")] }));
    }

    [Fact]
    public void AddWasi_InvalidEnvName_ThrowsUpFront()
    {
        using var engine = new WasmEngine();

        Assert.Throws<ArgumentException>(() =>
            new Linker(engine).AddWasi(new WasiOptions { Env = [new("A=B", "c")] }));
    }
}
