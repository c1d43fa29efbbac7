using Wharf.Wasm;
using Wharf.Wasm.Wasi;

namespace Wharf.Cli.Wasm;

/// <summary>Validated settings of one <c>wharf wasm run</c>.</summary>
internal sealed record WasmRunSettings(string ModulePath, IReadOnlyList<string> Args)
{
    public IReadOnlyList<WasiPreopen> Preopens { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    public long? MaxMemoryBytes { get; init; }

    public TimeSpan? Timeout { get; init; }

    public int? MaxCallDepth { get; init; }
}

/// <summary>Compiles, links (WASI preview1) and runs a module's <c>_start</c>, mapping every outcome
/// to an exit code and a one-line message on stderr.</summary>
internal static class WasmRunner
{
    /// <summary>Stack reserved for the guest thread. Compiled wasm runs on the native stack, and
    /// big interpreter-style functions (QuickJS's JS_CallInternal) have large frames, so the
    /// default 8 MiB (1.5 MiB on some hosts) would run out long before --max-call-depth.
    /// Only touched pages are committed.</summary>
    private const int GuestStackBytes = 512 << 20;

    public static int Run(WasmRunSettings settings, CliStreams streams, TextWriter stderr)
    {
        var exitCode = 0;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    exitCode = RunOnCurrentThread(settings, streams, stderr);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            GuestStackBytes)
        {
            Name = "wharf-guest",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return exitCode;
    }

    private static int RunOnCurrentThread(WasmRunSettings settings, CliStreams streams, TextWriter stderr)
    {
        var path = settings.ModulePath;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot read '{path}': {e.Message}");
            return ExitCodes.Usage;
        }

        using var engine = new WasmEngine();
        WasmModule module;
        try
        {
            module = engine.Compile(bytes);
        }
        catch (WasmMalformedException e)
        {
            stderr.WriteLine($"error: {path}: malformed module: {e.Message} (at byte offset 0x{e.Offset:x})");
            return ExitCodes.Usage;
        }
        catch (WasmInvalidException e)
        {
            var where = e.FunctionIndex >= 0 ? $" (in function {e.FunctionIndex})" : "";
            stderr.WriteLine($"error: {path}: invalid module: {e.Message}{where}");
            return ExitCodes.Usage;
        }

        var wasi = new WasiOptions
        {
            Args = [path, .. settings.Args],
            Env = settings.Env,
            Stdin = streams.Stdin,
            Stdout = streams.Stdout,
            Stderr = streams.Stderr,
            Preopens = settings.Preopens,
        };
        var options = new InstanceOptions
        {
            MaxMemoryPages = settings.MaxMemoryBytes is { } bytesCap ? (uint)Math.Min(bytesCap / WasmMemory.PageSize, 65536) : null,
            MaxCallDepth = settings.MaxCallDepth,
            Timeout = settings.Timeout,
        };

        try
        {
            var linker = new Linker(engine).AddWasi(wasi);
            var instance = linker.Instantiate(module, options);
            var start = instance.GetFunction("_start");
            if (start is null)
            {
                stderr.WriteLine($"error: {path}: module exports no _start function (not a WASI command)");
                return ExitCodes.Usage;
            }

            start.Invoke();
            return 0;
        }
        catch (WasmExitException e)
        {
            return e.ExitCode;
        }
        catch (WasmLinkException e)
        {
            stderr.WriteLine($"error: {path}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (WasmTrapException e) when (e.Message.Contains("timeout", StringComparison.Ordinal))
        {
            stderr.WriteLine(FormattableString.Invariant($"error: {path}: {e.Message} (--timeout {settings.Timeout?.TotalSeconds:0.###}s)"));
            return ExitCodes.Timeout;
        }
        catch (WasmTrapException e)
        {
            stderr.WriteLine($"error: {path}: trap: {e.Message}");
            return ExitCodes.Trap;
        }
        catch (NotSupportedException e)
        {
            stderr.WriteLine($"error: {path}: {e.Message}");
            return ExitCodes.Usage;
        }
        finally
        {
            streams.Stdout.Flush();
            streams.Stderr.Flush();
        }
    }
}
