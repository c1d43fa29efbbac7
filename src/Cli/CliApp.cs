using System.CommandLine;
using System.Text;
using Wharf.Cli.Artifacts;
using Wharf.Cli.Dev;
using Wharf.Cli.Wasm;

namespace Wharf.Cli;

/// <summary>The process's standard streams, injectable so tests can run the CLI in-process.</summary>
/// <param name="Stdin">Standard input.</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error.</param>
/// <param name="StdoutIsTerminal">True when stdout is a terminal (progress bars instead of plain lines).</param>
internal sealed record CliStreams(Stream Stdin, Stream Stdout, Stream Stderr, bool StdoutIsTerminal = false);

/// <summary>Exit codes of the <c>wharf</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>Bad command line, unreadable file, malformed/invalid module, failed link.</summary>
    public const int Usage = 2;

    /// <summary>The guest trapped; 128 + SIGABRT, as wasmtime reports traps on Unix.</summary>
    public const int Trap = 134;

    /// <summary>The <c>--timeout</c> budget ran out (the convention of timeout(1)).</summary>
    public const int Timeout = 124;
}

/// <summary>Builds the command tree and runs one command line.</summary>
internal static class CliApp
{
    public static int Run(string[] args, CliStreams streams)
    {
        var stdout = new StreamWriter(streams.Stdout, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
        var stderr = new StreamWriter(streams.Stderr, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
        var root = new RootCommand("Wharf: serverless workers on Kubernetes, with its own WebAssembly engine.")
        {
            new Command("wasm", "Run WebAssembly modules.") { WasmRunCommand.Create(streams, stderr) },
            DevCommand.Create(stdout, stderr),
        };
        foreach (var command in ArtifactCommands.Create(streams, stdout, stderr))
        {
            root.Add(command);
        }

        root.Add(Deploy.DeployCommand.Create(streams, stdout, stderr));


        // Response files (@file) are off: "@..." arguments belong to the guest program.
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke(configuration);
            return ExitCodes.Usage;
        }

        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine("Run 'wharf --help' for usage.");
            return ExitCodes.Usage;
        }

        return result.Invoke(configuration);
    }
}
