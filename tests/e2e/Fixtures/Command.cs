using System.Diagnostics;
using System.Text;

namespace Wharf.E2e.Fixtures;

/// <summary>Runs a user-facing tool (kubectl, wharf, curl) as a user would, with a time limit.</summary>
internal static class Command
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public Result EnsureSuccess(string what) => ExitCode == 0 ? this
            : throw new InvalidOperationException($"{what} exited with {ExitCode}: {Last(Stderr.Length > 0 ? Stderr : Stdout)}");

        private static string Last(string text) => text.Length <= 1500 ? text.Trim() : "…" + text[^1500..].Trim();
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> args, IDictionary<string, string>? env = null,
        string? stdin = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in {(timeout ?? TimeSpan.FromMinutes(3)).TotalSeconds:0} s");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static string Quote(IEnumerable<string> args)
    {
        var sb = new StringBuilder();
        foreach (var a in args)
        {
            sb.Append(sb.Length > 0 ? " " : "").Append(a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a);
        }

        return sb.ToString();
    }
}
