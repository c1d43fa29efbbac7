namespace Wharf.Cli.Tests.Wasm;

/// <summary>QuickJS (runtimes/quickjs/build/qjs.wasm) evaluating JavaScript read from stdin.</summary>
public sealed class QuickJsTests
{
    [Fact]
    public void Run_ScriptOnStdin_PrintsLikeNode()
    {
        const string Script = """
            const xs = [5, 3, 9, 1].sort((a, b) => a - b);
            console.log("sorted", xs.join(","));
            const o = { name: "wharf", n: [1, 2, { deep: true }] };
            console.log(JSON.stringify(o));
            let s = "";
            for (let i = 0; i < 5; i++) s += String.fromCharCode(97 + i);
            print(s, s.length, 0.1 + 0.2, 2 ** 53, 1 / 3);
            class P { constructor(x) { this.x = x; } get twice() { return this.x * 2; } }
            console.log(new P(21).twice, typeof Symbol(), [..."héllo"].length);
            console.log(Math.max(...xs), new Map([[1, "a"]]).get(1), /b+/.exec("abbbc")[0]);
            Promise.resolve(7).then(v => console.log("then", v));
            console.log("sync end");
            """;

        var result = CliRunner.RunWithStdin(Script, "wasm", "run", TestPrograms.QuickJs);

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            sorted 1,3,5,9
            {"name":"wharf","n":[1,2,{"deep":true}]}
            abcde 5 0.30000000000000004 9007199254740992 0.3333333333333333
            42 symbol 5
            9 a bbb
            sync end
            then 7

            """,
            result.Stdout);
    }

    [Fact]
    public void Run_UncaughtException_PrintsItAndExits1()
    {
        var result = CliRunner.RunWithStdin("function f() { throw new TypeError('bad thing'); }\nf();\n", "wasm", "run", TestPrograms.QuickJs);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Uncaught TypeError: bad thing", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("at f", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ScriptArgs_AreVisible()
    {
        var script = Path.Join(Path.GetTempPath(), $"wharf-qjs-{Guid.NewGuid():N}.js");
        File.WriteAllText(script, "console.log(scriptArgs.join('|'));");
        try
        {
            var dir = Path.GetDirectoryName(script)!;
            var result = CliRunner.Run("wasm", "run", "--dir-ro", dir + "::/in", TestPrograms.QuickJs,
                "--", "/in/" + Path.GetFileName(script), "a", "b c");

            Assert.Equal(("a|b c\n", 0), (result.Stdout, result.ExitCode));
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void Run_Timers_RunAfterMicrotasksInDeadlineOrder()
    {
        const string Script = """
            console.log("start");
            const cancelled = setTimeout(() => console.log("never"), 5);
            setTimeout(() => console.log("first"), 30);
            setTimeout((a, b) => {
              console.log("second", a, b);
              Promise.resolve().then(() => console.log("micro after second"));
              setTimeout(() => console.log("nested"), 0);
            }, 30, "x", 2);
            clearTimeout(cancelled);
            (async () => { await null; console.log("async"); })();
            console.log("end");
            """;
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = CliRunner.RunWithStdin(Script, "wasm", "run", TestPrograms.QuickJs);

        Assert.Equal(("start\nend\nasync\nfirst\nsecond x 2\nmicro after second\nnested\n", 0), (result.Stdout, result.ExitCode));
        Assert.True(watch.ElapsedMilliseconds >= 30);
    }

    [Fact]
    public void Run_DeepRecursion_ThrowsCatchableStackOverflow()
    {
        const string Script = """
            let depth = 0;
            function f() { depth++; f(); }
            try { f(); } catch (e) { console.log(e.constructor.name, e.message, depth > 1000); }
            """;

        var result = CliRunner.RunWithStdin(Script, "wasm", "run", TestPrograms.QuickJs);

        Assert.Equal(("InternalError stack overflow true\n", 0), (result.Stdout, result.ExitCode));
    }
}
