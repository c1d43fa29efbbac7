using System.Text.Json;

namespace Wharf.Wasm.SpecTests;

/// <summary>
/// Runs the commands of one wast2json script
/// (https://github.com/WebAssembly/wabt/blob/main/docs/wast2json.md) against the engine's public
/// API. Every command runs under its own try/catch, so one failure never stops the script.
/// </summary>
internal sealed partial class ScriptRunner
{
    private readonly WasmEngine _engine;
    private readonly SpecOptions _options;
    private readonly KnownFailures _knownFailures;
    private readonly string _wastName;
    private readonly string _directory;
    private readonly Linker _linker;
    private readonly InstanceOptions _instanceOptions;
    private readonly Dictionary<string, WasmInstance> _named = new(StringComparer.Ordinal);
    private readonly FileResult _result = new();
    private WasmInstance? _current;
    private string? _currentFailure;

    public ScriptRunner(WasmEngine engine, SpecOptions options, KnownFailures knownFailures, string wastName, string jsonPath)
    {
        _engine = engine;
        _options = options;
        _knownFailures = knownFailures;
        _wastName = wastName;
        _directory = Path.GetDirectoryName(jsonPath)!;
        _linker = new Linker(engine);
        _instanceOptions = new InstanceOptions { Timeout = options.InvocationTimeout };
        SpectestModule.Define(_linker, options.Verbose);
    }

    public FileResult Run(JsonElement script)
    {
        foreach (var command in script.GetProperty("commands").EnumerateArray())
        {
            var type = command.GetProperty("type").GetString()!;
            var line = command.GetProperty("line").GetInt32();
            try
            {
                RunCommand(type, command);
            }
            catch (Exception e)
            {
                Fail(type, line, $"harness error: {e.GetType().Name}: {e.Message}");
            }
        }

        return _result;
    }

    private void RunCommand(string type, JsonElement command)
    {
        var line = command.GetProperty("line").GetInt32();
        switch (type)
        {
            case "module":
                LoadModule(command, line);
                break;
            case "register":
                var instance = Instance(command.TryGetProperty("name", out var name) ? name.GetString() : null);
                if (instance is null)
                {
                    Fail(type, line, $"nothing to register: {_currentFailure}");
                    return;
                }

                _linker.DefineInstance(command.GetProperty("as").GetString()!, instance);
                Pass();
                break;
            case "action":
                RunAction(type, line, command.GetProperty("action"), null);
                break;
            case "assert_return":
                RunAction(type, line, command.GetProperty("action"), command.GetProperty("expected"));
                break;
            case "assert_trap" or "assert_exhaustion":
                ExpectTrap(type, line, command);
                break;
            case "assert_malformed" or "assert_invalid":
                ExpectCompileError(type, line, command);
                break;
            case "assert_unlinkable" or "assert_uninstantiable":
                ExpectInstantiationError(type, line, command);
                break;
            default:
                Fail(type, line, $"unsupported command type {type}");
                break;
        }
    }

    private void LoadModule(JsonElement command, int line)
    {
        _current = null;
        var name = command.TryGetProperty("name", out var n) ? n.GetString() : null;
        WasmModule module;
        try
        {
            module = _engine.Compile(ReadModuleBytes(command));
            _result.DecodeValidatePassed++;
        }
        catch (Exception e)
        {
            _result.DecodeValidateFailed++;
            _currentFailure = $"module at line {line} did not compile";
            Fail("module", line, $"compile: {Describe(e)}");
            return;
        }

        try
        {
            _current = _linker.Instantiate(module, _instanceOptions);
        }
        catch (NotSupportedException e) when (_knownFailures.IsKnown(_wastName, "module-instantiate"))
        {
            // The module decoded and validated, and the engine declines to run it as documented (SIMD
            // execution): the listed known failure covers the execution half, so the command counts as
            // passed and every command that would execute the module fails (as known failures).
            _currentFailure = $"module at line {line} is not executable: {e.Message}";
            Pass();
            return;
        }
        catch (Exception e)
        {
            _currentFailure = $"module at line {line} did not instantiate";
            Fail("module-instantiate", line, $"instantiate: {Describe(e)}");
            return;
        }

        if (name is not null)
        {
            _named[name] = _current;
        }

        Pass();
    }

    private byte[] ReadModuleBytes(JsonElement command) =>
        File.ReadAllBytes(Path.Combine(_directory, command.GetProperty("filename").GetString()!));

    private WasmInstance? Instance(string? name) =>
        name is null ? _current : _named.GetValueOrDefault(name);

    private void Pass() => _result.Passed++;

    private void Fail(string kind, int line, string detail)
    {
        if (_knownFailures.IsKnown(_wastName, kind))
        {
            _result.Skipped++;
            if (_options.Verbose)
            {
                Console.WriteLine($"  known failure {_wastName}:{line} {kind}: {detail}");
            }

            return;
        }

        _result.Failed++;
        _result.FailureDetails.Add($"{_wastName}:{line} {kind}: {detail}");
    }

    /// <summary>Counts a right-kind error whose message differs from the spec's (a prefix match suffices, as in the reference interpreter).</summary>
    private void CheckMessage(string kind, int line, JsonElement command, Exception e)
    {
        var expected = command.TryGetProperty("text", out var text) ? text.GetString() : null;
        if (expected is null || e.Message.StartsWith(expected, StringComparison.Ordinal))
        {
            return;
        }

        _result.MessageMismatches++;
        _result.MismatchDetails.Add($"{_wastName}:{line} {kind}: expected \"{expected}\", got \"{e.Message}\"");
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";
}
