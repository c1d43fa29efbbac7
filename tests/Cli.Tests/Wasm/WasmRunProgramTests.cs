namespace Wharf.Cli.Tests.Wasm;

/// <summary>Runs the clang-built programs of examples/wasm through <c>wharf wasm run</c>.</summary>
public sealed class WasmRunProgramTests
{
    [Fact]
    public void Run_Hello_PrintsAndExits0()
    {
        var result = CliRunner.Run("wasm", "run", TestPrograms.Path("hello"));

        Assert.Equal(("hello, world\n", "", 0), (result.Stdout, result.Stderr, result.ExitCode));
    }

    [Fact]
    public void Run_MallocQsortPrintfMath_PrintsExpectedAndReturnsExitCode()
    {
        var result = CliRunner.Run("wasm", "run", TestPrograms.Path("mixed"));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(
            """
            0: -88.3455
            1: -82.7826
            2: -76.1984
            3: -68.7766
            4: 0.0000
            5: 21.5120
            6: 31.9098
            7: 51.5501
            8: 96.3558
            9: 99.8543
            sqrt(2)=1.4142135624 exp(1)=2.7182818285 pow(2,0.5)=1.41421
            atan2=0.463648 log10=4.091491 fmod=1.500

            """,
            result.Stdout);
    }

    [Fact]
    public void Run_ArgsAndEnv_ArePassedThrough()
    {
        var result = CliRunner.Run("wasm", "run", "--env", "GREETING=hi there", "--env", "EXIT_CODE=5",
            TestPrograms.Path("args"), "--", "one", "--two", "@three");

        Assert.Equal(5, result.ExitCode);
        Assert.Equal("argc=4\nargv[1]=one\nargv[2]=--two\nargv[3]=@three\nGREETING=hi there\n", result.Stdout);
    }

    [Fact]
    public void Run_ProcExit_ReturnsCodeAndKeepsBothStreams()
    {
        var result = CliRunner.Run("wasm", "run", TestPrograms.Path("exitcode"), "42");

        Assert.Equal(42, result.ExitCode);
        Assert.Equal("exiting with 42\n", result.Stdout);
        Assert.Equal("stderr line\n", result.Stderr);
    }

    [Fact]
    public void Run_Stdin_IsPassedThrough()
    {
        var result = CliRunner.RunWithStdin("line 1\nline 2\n", "wasm", "run", TestPrograms.Path("cat"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("line 1\nline 2\n", result.Stdout);
        Assert.Equal("14 bytes\n", result.Stderr);
    }

    [Fact]
    public void Run_Trap_PrintsErrorAndExits134()
    {
        var result = CliRunner.Run("wasm", "run", TestPrograms.Path("trap"));

        Assert.Equal(134, result.ExitCode);
        Assert.Equal("about to trap\n", result.Stdout);
        Assert.Contains("error:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("unreachable", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FileIoInPreopenedDir_AllStepsPassAndNothingEscapes()
    {
        var dir = Directory.CreateTempSubdirectory("wharf-cli-fileio-").FullName;
        try
        {
            var result = CliRunner.Run("wasm", "run", "--dir", dir + "::/data", TestPrograms.Path("fileio"), "--", "/data");

            Assert.Equal("", result.Stderr);
            Assert.Contains("ok escape with .. refused", result.Stdout, StringComparison.Ordinal);
            Assert.EndsWith("0 failures\n", result.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, result.ExitCode);
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
            Assert.False(File.Exists(Path.Join(Path.GetDirectoryName(dir), "escape.txt")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Run_FileIoInReadOnlyDir_Fails()
    {
        var dir = Directory.CreateTempSubdirectory("wharf-cli-ro-").FullName;
        try
        {
            var result = CliRunner.Run("wasm", "run", "--dir-ro", dir + "::/data", TestPrograms.Path("fileio"), "--", "/data");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("FAIL mkdir", result.Stdout, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Run_Timeout_InterruptsAndExits124()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = CliRunner.Run("wasm", "run", "--timeout", "300ms", TestPrograms.Path("spin"));

        Assert.Equal(124, result.ExitCode);
        Assert.Equal("spinning\n", result.Stdout);
        Assert.Contains("timeout", result.Stderr, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Run_Sleep_CompletesWithinTimeout()
    {
        var result = CliRunner.Run("wasm", "run", "--timeout", "20s", TestPrograms.Path("sleep"), "--", "50");

        Assert.Equal((0, "sleeping 50 ms\nslept\n"), (result.ExitCode, result.Stdout));
    }

    [Fact]
    public void Run_SleepLongerThanTimeout_IsInterruptedWhileSleeping()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = CliRunner.Run("wasm", "run", "--timeout", "300ms", TestPrograms.Path("sleep"), "--", "60000");

        Assert.Equal((124, "sleeping 60000 ms\n"), (result.ExitCode, result.Stdout));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Run_MaxMemory_CapsMalloc()
    {
        var capped = CliRunner.Run("wasm", "run", "--max-memory", "8MiB", TestPrograms.Path("alloc"), "64");
        var free = CliRunner.Run("wasm", "run", TestPrograms.Path("alloc"), "64");

        Assert.Equal(1, capped.ExitCode);
        var got = int.Parse(capped.Stdout.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(got, 1, 7);
        Assert.Equal(("allocated 64 MiB (checksum 2016)\n", 0), (free.Stdout, free.ExitCode));
    }

    [Fact]
    public void Run_DeepRecursionUnderSmallCallDepth_Traps()
    {
        var result = CliRunner.Run("wasm", "run", "--max-call-depth", "50", TestPrograms.Path("bench-fib"), "30");

        Assert.Equal(134, result.ExitCode);
        Assert.Contains("call stack exhausted", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MalformedModule_NamesFileAndExits2()
    {
        var path = Path.Join(Path.GetTempPath(), $"wharf-bad-{Guid.NewGuid():N}.wasm");
        File.WriteAllBytes(path, [0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]);
        try
        {
            var result = CliRunner.Run("wasm", "run", path);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: {path}: malformed module:", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_ModuleWithUnknownImport_Exits2()
    {
        // (module (import "env" "missing" (func)) (func (export "_start")))
        byte[] module =
        [
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
            0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x07, 0x6d, 0x69, 0x73, 0x73, 0x69, 0x6e, 0x67, 0x00, 0x00,
            0x03, 0x02, 0x01, 0x00,
            0x07, 0x0a, 0x01, 0x06, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x01,
            0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
        ];
        var path = Path.Join(Path.GetTempPath(), $"wharf-link-{Guid.NewGuid():N}.wasm");
        File.WriteAllBytes(path, module);
        try
        {
            var result = CliRunner.Run("wasm", "run", path);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("unknown import", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
