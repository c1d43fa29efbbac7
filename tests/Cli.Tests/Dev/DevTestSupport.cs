using System.Diagnostics;
using System.Text;
using Wharf.Cli.Dev;

namespace Wharf.Cli.Tests.Dev;

/// <summary>Console output captured from the dev server (written from request threads, read by the test).</summary>
internal sealed class CapturedOutput : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_lock)
        {
            _text.Append(value).Append('\n');
        }
    }
}

/// <summary>A started <see cref="DevServer"/> on 127.0.0.1:&lt;free port&gt; with a client and its output.</summary>
internal sealed class DevFixture : IAsyncDisposable
{
    private DevFixture(DevServer server, CapturedOutput output)
    {
        Server = server;
        Output = output;
        Client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public DevServer Server { get; }

    public CapturedOutput Output { get; }

    public HttpClient Client { get; }

    public static async Task<DevFixture> StartAsync(string path)
    {
        var output = new CapturedOutput();
        var server = DevServer.Create(new DevServerOptions(path, "127.0.0.1", 0, DevExamples.JsRuntime) { Debounce = TimeSpan.FromMilliseconds(100) }, output);
        await server.StartAsync();
        return new DevFixture(server, output);
    }

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Polls <paramref name="path"/> until its body satisfies <paramref name="done"/> or the time runs out.</summary>
    public async Task<(string Body, TimeSpan Elapsed)> PollAsync(string path, Func<string, bool> done, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        string body;
        do
        {
            body = await GetStringAsync(path);
            if (done(body))
            {
                return (body, watch.Elapsed);
            }

            await Task.Delay(50);
        }
        while (watch.Elapsed < timeout);
        return (body, watch.Elapsed);
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!Output.Text.Contains(text, StringComparison.Ordinal))
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>The repository's examples: the C ones are built with make on first use (clang, wasi-libc);
/// JavaScript needs runtimes/quickjs/build/wharf-js.wasm (make -C runtimes/quickjs/worker).</summary>
internal static class DevExamples
{
    private static readonly Lazy<string> Built = new(Build);

    public static string Folder => Built.Value;

    public static string JsRuntime
    {
        get
        {
            var path = Path.Join(TestPrograms.RepoRoot, "runtimes", "quickjs", "build", "wharf-js.wasm");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run make -C runtimes/quickjs/worker", path);
        }
    }

    /// <summary>Copies one example (or several) into a fresh temporary folder the test may edit.</summary>
    public static string CopyToTemp(params string[] examples)
    {
        var root = Directory.CreateTempSubdirectory("wharf-dev-test-").FullName;
        foreach (var example in examples)
        {
            CopyDirectory(Path.Join(TestPrograms.RepoRoot, "examples", example), Path.Join(root, example));
        }

        return root;
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Join(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(dir, Path.Join(to, Path.GetFileName(dir)));
        }
    }

    private static string Build()
    {
        var examples = Path.Join(TestPrograms.RepoRoot, "examples");
        foreach (var name in new[] { "c-sdk-hello", "wagi-hello" })
        {
            using var make = Process.Start(new ProcessStartInfo("make", ["-C", Path.Join(examples, name), "--no-print-directory"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stderr = make.StandardError.ReadToEndAsync();
            make.StandardOutput.ReadToEnd();
            make.WaitForExit();
            if (make.ExitCode != 0)
            {
                throw new InvalidOperationException($"building examples/{name} failed (needs clang, lld, wasi-libc): {stderr.Result}");
            }
        }

        return examples;
    }
}
