using System.Text.Json;

namespace Wharf.Wasm.SpecTests;

internal sealed partial class ScriptRunner
{
    private void RunAction(string kind, int line, JsonElement action, JsonElement? expected)
    {
        WasmValue[] results;
        try
        {
            results = Perform(action);
        }
        catch (Exception e)
        {
            Fail(kind, line, Describe(e));
            return;
        }

        if (expected is not { } values)
        {
            Pass();
            return;
        }

        var count = values.GetArrayLength();
        if (results.Length != count)
        {
            Fail(kind, line, $"expected {count} results, got {results.Length}");
            return;
        }

        var i = 0;
        foreach (var value in values.EnumerateArray())
        {
            if (SpecValues.Compare(value, results[i]) is { } difference)
            {
                Fail(kind, line, $"{ActionName(action)} result {i}: {difference}");
                return;
            }

            i++;
        }

        Pass();
    }

    /// <summary>Runs an <c>invoke</c> or <c>get</c> action.</summary>
    private WasmValue[] Perform(JsonElement action)
    {
        var moduleName = action.TryGetProperty("module", out var m) ? m.GetString() : null;
        var instance = Instance(moduleName)
            ?? throw new InvalidOperationException(moduleName is null ? $"no current module ({_currentFailure})" : $"unknown module {moduleName}");
        var field = action.GetProperty("field").GetString()!;
        switch (action.GetProperty("type").GetString())
        {
            case "invoke":
                var function = instance.GetFunction(field) ?? throw new InvalidOperationException($"no exported function \"{field}\"");
                var args = action.GetProperty("args").EnumerateArray().Select(SpecValues.ParseArgument).ToArray();
                return function.Invoke(args);
            case "get":
                var global = instance.GetGlobal(field) ?? throw new InvalidOperationException($"no exported global \"{field}\"");
                return [global.Value];
            default:
                throw new InvalidOperationException($"unknown action type {action.GetProperty("type").GetString()}");
        }
    }

    private static string ActionName(JsonElement action) => action.GetProperty("field").GetString()!;

    private void ExpectTrap(string kind, int line, JsonElement command)
    {
        try
        {
            var results = Perform(command.GetProperty("action"));
            Fail(kind, line, $"expected trap \"{command.GetProperty("text").GetString()}\", returned [{string.Join(", ", results)}]");
        }
        catch (WasmTrapException e)
        {
            CheckMessage(kind, line, command, e);
            Pass();
        }
        catch (Exception e)
        {
            Fail(kind, line, $"expected trap, got {Describe(e)}");
        }
    }

    private void ExpectCompileError(string kind, int line, JsonElement command)
    {
        if (command.GetProperty("module_type").GetString() == "text")
        {
            // Text-format malformations test the text parser, which is wabt's job here, not the engine's.
            _result.Skipped++;
            return;
        }

        var malformed = kind == "assert_malformed";
        try
        {
            _engine.Compile(ReadModuleBytes(command));
            _result.DecodeValidateFailed++;
            Fail(kind, line, $"expected {(malformed ? "malformed" : "invalid")} \"{command.GetProperty("text").GetString()}\", module compiled");
        }
        catch (Exception e) when (malformed ? e is WasmMalformedException : e is WasmInvalidException)
        {
            _result.DecodeValidatePassed++;
            CheckMessage(kind, line, command, e);
            Pass();
        }
        catch (Exception e)
        {
            _result.DecodeValidateFailed++;
            Fail(kind, line, $"expected {(malformed ? "malformed" : "invalid")} \"{command.GetProperty("text").GetString()}\", got {Describe(e)}");
        }
    }

    private void ExpectInstantiationError(string kind, int line, JsonElement command)
    {
        var unlinkable = kind == "assert_unlinkable";
        try
        {
            var module = _engine.Compile(ReadModuleBytes(command));
            _linker.Instantiate(module, _instanceOptions);
            Fail(kind, line, $"expected \"{command.GetProperty("text").GetString()}\", module instantiated");
        }
        catch (Exception e) when (unlinkable ? e is WasmLinkException : e is WasmTrapException)
        {
            CheckMessage(kind, line, command, e);
            Pass();
        }
        catch (Exception e)
        {
            Fail(kind, line, $"expected {(unlinkable ? "link error" : "trap")} \"{command.GetProperty("text").GetString()}\", got {Describe(e)}");
        }
    }
}
