using System.CommandLine;
using System.Runtime.InteropServices;

namespace Wharf.Cli.Dev;

/// <summary><c>wharf dev [PATH] [--port N] [--host ADDRESS] [--js-runtime FILE]</c>: the local development server.</summary>
internal static class DevCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("path")
        {
            Description = "A worker file (.js, .mjs, .wasm), a project folder (wharf.json) or a folder of projects. Default: the current folder.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var port = new Option<int>("--port", "-p") { HelpName = "N", Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { HelpName = "ADDRESS", Description = "Address to bind: 127.0.0.1, 0.0.0.0, ::1, localhost.", DefaultValueFactory = _ => "127.0.0.1" };
        var jsRuntime = new Option<string>("--js-runtime")
        {
            HelpName = "FILE",
            Description = $"wharf-js.wasm for JavaScript workers (default: ${JsRuntime.EnvironmentVariable}, else runtimes/quickjs/build/wharf-js.wasm above the current folder).",
        };
        var command = new Command("dev", "Serve workers locally: in-memory KV, error stacks in 500 responses, reload on file changes. Stop with Ctrl+C.")
        {
            path, port, host, jsRuntime,
        };
        command.SetAction(result =>
        {
            var options = new DevServerOptions(result.GetValue(path)!, result.GetValue(host)!, result.GetValue(port), result.GetValue(jsRuntime));
            return Run(options, stdout, stderr);
        });
        return command;
    }

    /// <summary>Serves until SIGINT/SIGTERM. Returns 0 after a clean stop, <see cref="ExitCodes.Usage"/> for bad input.</summary>
    public static int Run(DevServerOptions options, TextWriter stdout, TextWriter stderr)
    {
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // shut down ourselves instead of being killed mid-response
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            var server = DevServer.Create(options, stdout);
            try
            {
                server.RunAsync(stop.Token).GetAwaiter().GetResult();
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return 0;
        }
        catch (DevConfigException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
