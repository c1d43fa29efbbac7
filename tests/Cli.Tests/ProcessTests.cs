using System.Diagnostics;

namespace Wharf.Cli.Tests;

/// <summary>Runs the built <c>wharf</c> executable as a child process, so the real console streams
/// and the process exit code are covered (the other tests run the CLI in-process).</summary>
public sealed class ProcessTests
{
    private static (int ExitCode, string Stdout, string Stderr) RunWharf(string stdin, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "wharf.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "wharf did not exit");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Wharf_PipedStdin_PassesThroughToTheProgram()
    {
        var result = RunWharf("piped input\n", "wasm", "run", TestPrograms.Path("cat"));

        Assert.Equal((0, "piped input\n", "12 bytes\n"), result);
    }

    [Fact]
    public void Wharf_ProcExit_BecomesProcessExitCode()
    {
        var result = RunWharf("", "wasm", "run", TestPrograms.Path("exitcode"), "--", "42");

        Assert.Equal((42, "exiting with 42\n", "stderr line\n"), result);
    }

    [Fact]
    public void Wharf_Trap_ExitsWith134()
    {
        var result = RunWharf("", "wasm", "run", TestPrograms.Path("trap"));

        Assert.Equal(134, result.ExitCode);
        Assert.EndsWith("trap: unreachable\n", result.Stderr, StringComparison.Ordinal);
    }
}
