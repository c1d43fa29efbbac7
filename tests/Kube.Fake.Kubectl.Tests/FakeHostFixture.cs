using System.Diagnostics;
using System.Text;

namespace Wharf.Kube.Fake.Kubectl.Tests;

/// <summary>
/// Runs the standalone fake API server (the built <c>Wharf.Kube.Fake.Host</c>, exactly as <c>dotnet run</c> would) on
/// a free port with the repository as working directory, and stops it with SIGTERM.
/// </summary>
public sealed class FakeHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private Process? _process;
    private readonly StringBuilder _output = new();

    public string Directory { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wharf-kubectl-" + Guid.NewGuid().ToString("N")[..8]);

    public string KubeconfigPath => System.IO.Path.Combine(Directory, "kubeconfig");

    public string CacheDirectory => System.IO.Path.Combine(Directory, "cache");

    /// <summary>The server URL the host printed.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The repository root (where config/ lives).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        if (Kubectl.Missing is not null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return; // every test skips; nothing to serve
        }

        System.IO.Directory.CreateDirectory(Directory);
        (_process, BaseAddress) = await StartHostAsync(["--port", "0", "--kubeconfig", KubeconfigPath], _output).ConfigureAwait(false);
    }

    /// <summary>Starts a host with the given arguments and waits for its "listening on" line.</summary>
    internal static async Task<(Process Process, Uri Address)> StartHostAsync(IEnumerable<string> args, StringBuilder output)
    {
        var host = System.IO.Path.Combine(AppContext.BaseDirectory, "Wharf.Kube.Fake.Host.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        info.ArgumentList.Add(host);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("the fake host did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException($"the fake host ended before listening:\n{output}"));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("listening on ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(e.Data["listening on ".Length..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await listening.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
        return (process, address);
    }

    /// <summary>Sends SIGTERM and waits for the process to end.</summary>
    internal static async Task<int> StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            // SIGTERM, as a supervisor (or the e2e harness) stops the host.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync().ConfigureAwait(false);
                return -1;
            }
        }

        return process.ExitCode;
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await StopAsync(_process).ConfigureAwait(false);
            _process.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }
    }

    /// <summary>Runs kubectl against this server and collects its output (60 s at most: kubectl never waits here longer).</summary>
    public async Task<KubectlResult> RunAsync(params string[] args) => await RunWithInputAsync(null, args).ConfigureAwait(false);

    public async Task<KubectlResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Kubectl.Start(KubeconfigPath, CacheDirectory, RepositoryRoot, args, redirectInput: stdin is not null);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish: {await stderr.ConfigureAwait(false)}");
        }

        return new KubectlResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Starts kubectl without waiting (watches, waits); the caller stops it.</summary>
    public Process Start(params string[] args) => Kubectl.Start(KubeconfigPath, CacheDirectory, RepositoryRoot, args);

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Operator.sln) was not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class FakeHostCollection : ICollectionFixture<FakeHostFixture>
{
    public const string Name = "fake host";
}
