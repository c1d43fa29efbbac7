using System.CommandLine;
using Wharf.Wasm.Wasi;

namespace Wharf.Cli.Wasm;

/// <summary><c>wharf wasm run &lt;module.wasm&gt; [options] [-- args…]</c>, modelled on <c>wasmtime run</c>.</summary>
internal static class WasmRunCommand
{
    public static Command Create(CliStreams streams, TextWriter stderr)
    {
        var module = new Argument<string>("module") { Description = "The .wasm file: a WASI command that exports _start." };
        var args = new Argument<string[]>("args")
        {
            Description = "Arguments for the program (put them after --); argv[0] is the module path.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dirs = Many("--dir", "HOST[::GUEST]", "Give the program read-write access to a host directory, seen as GUEST (default: HOST).");
        var roDirs = Many("--dir-ro", "HOST[::GUEST]", "Like --dir, but writes fail with EROFS.");
        var env = Many("--env", "KEY[=VALUE]", "Set an environment variable for the program (KEY alone passes the host's value).");
        var maxMemory = new Option<string>("--max-memory") { HelpName = "SIZE", Description = "Cap on linear memory, e.g. 64MiB, 1GiB." };
        var timeout = new Option<string>("--timeout") { HelpName = "DURATION", Description = "Wall-clock limit, e.g. 5s, 500ms; the program traps when it runs out." };
        var maxDepth = new Option<int?>("--max-call-depth") { HelpName = "N", Description = "Maximum nesting of wasm calls before 'call stack exhausted'." };

        var command = new Command("run", "Run a WASI preview1 program. Exit code: the program's (0 when _start returns), "
            + $"{ExitCodes.Trap} on a trap, {ExitCodes.Timeout} on timeout, {ExitCodes.Usage} for a bad command line or module.")
        {
            module, args, dirs, roDirs, env, maxMemory, timeout, maxDepth,
        };
        command.SetAction(result =>
        {
            var errors = new List<string>();
            var preopens = new List<WasiPreopen>();
            AddDirs(result.GetValue(dirs), readOnly: false, preopens, errors);
            AddDirs(result.GetValue(roDirs), readOnly: true, preopens, errors);
            var envVars = new List<KeyValuePair<string, string>>();
            foreach (var text in result.GetValue(env) ?? [])
            {
                if (CliValueParsers.ParseEnv(text, Environment.GetEnvironmentVariable, out var error) is { } kv)
                {
                    envVars.Add(kv);
                }
                else if (error is not null)
                {
                    errors.Add(error);
                }
            }

            long? memoryBytes = null;
            if (result.GetValue(maxMemory) is { } memText)
            {
                memoryBytes = CliValueParsers.ParseSize(memText, out var error);
                AddIf(errors, error);
            }

            TimeSpan? limit = null;
            if (result.GetValue(timeout) is { } timeText)
            {
                limit = CliValueParsers.ParseDuration(timeText, out var error);
                AddIf(errors, error);
            }

            var depth = result.GetValue(maxDepth);
            if (depth is < 1)
            {
                errors.Add($"invalid --max-call-depth '{depth}' (must be at least 1)");
            }

            if (errors.Count > 0)
            {
                errors.ForEach(e => stderr.WriteLine($"error: {e}"));
                return ExitCodes.Usage;
            }

            var settings = new WasmRunSettings(result.GetValue(module)!, result.GetValue(args) ?? [])
            {
                Preopens = preopens,
                Env = envVars,
                MaxMemoryBytes = memoryBytes,
                Timeout = limit,
                MaxCallDepth = depth,
            };
            return WasmRunner.Run(settings, streams, stderr);
        });
        return command;
    }

    private static Option<string[]> Many(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static void AddDirs(string[]? specs, bool readOnly, List<WasiPreopen> preopens, List<string> errors)
    {
        foreach (var spec in specs ?? [])
        {
            if (CliValueParsers.ParseDir(spec, out var error) is { } dir)
            {
                if (!Directory.Exists(dir.Host))
                {
                    errors.Add($"directory '{dir.Host}' does not exist");
                    continue;
                }

                preopens.Add(new WasiPreopen(dir.Host, dir.Guest, readOnly));
            }
            else
            {
                errors.Add(error!);
            }
        }
    }

    private static void AddIf(List<string> errors, string? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }
    }
}
