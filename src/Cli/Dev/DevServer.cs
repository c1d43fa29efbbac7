using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Kv;
using Wharf.Wasm;

namespace Wharf.Cli.Dev;

/// <summary>Settings of <c>wharf dev</c>.</summary>
/// <param name="Path">A worker file, a project folder or a folder of projects.</param>
/// <param name="Host">Address to bind: an IP literal or <c>localhost</c>.</param>
/// <param name="Port">TCP port; 0 picks a free one.</param>
/// <param name="JsRuntimePath">Explicit <c>wharf-js.wasm</c>, or null to search for it.</param>
internal sealed record DevServerOptions(string Path, string Host = "127.0.0.1", int Port = 8080, string? JsRuntimePath = null)
{
    /// <summary>Quiet time after the last file event before reloading (editors write in several steps).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The address to bind; throws <see cref="DevConfigException"/> for anything but an IP or localhost.</summary>
    public IPAddress BindAddress() =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(Host.Trim('[', ']'), out var ip) ? ip
        : throw new DevConfigException($"invalid --host '{Host}' (expected an IP address such as 127.0.0.1 or 0.0.0.0, or localhost)");
}

/// <summary>
/// The local development server: serves the workers under <see cref="DevServerOptions.Path"/> with the node
/// runtime's <see cref="NodeRuntime.Hosting.WorkerHost"/> (one per project, dev mode, in-memory KV) behind
/// Kestrel, prints every request and worker console line, and reloads a project when its files change.
/// </summary>
internal sealed partial class DevServer : IAsyncDisposable
{
    private readonly DevServerOptions _options;
    private readonly DevConsole _console;
    private readonly DevLayout _layout;
    private readonly JsRuntime _js;
    private readonly InMemoryKvStore _kv = new();

    // One engine for every project and reload: its compiled-module cache means a JS edit re-runs only
    // pre-initialization, not the compilation of wharf-js.wasm.
    private readonly WasmEngine _engine = new(new EngineOptions { MaxCallDepth = new WorkerHostOptions().MaxCallDepth });
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private Task? _watchLoop;

    private DevServer(DevServerOptions options, DevLayout layout, DevConsole console)
    {
        _options = options;
        _layout = layout;
        _console = console;
        _js = new JsRuntime(options.JsRuntimePath);
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:8080</c>, once started.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Names of the workers being served (loaded successfully at least once).</summary>
    public IReadOnlyList<string> Workers => [.. _projects.Values.Where(p => p.Host is not null).Select(p => p.Name).Order(StringComparer.Ordinal)];

    /// <summary>Validates the options and the path; throws <see cref="DevConfigException"/> for bad input.</summary>
    public static DevServer Create(DevServerOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (options.Port is < 0 or > 65535)
        {
            throw new DevConfigException($"invalid --port {options.Port} (expected 0..65535)");
        }

        _ = options.BindAddress();
        if (options.JsRuntimePath is { } js && !File.Exists(js))
        {
            throw new DevConfigException($"--js-runtime {js}: no such file");
        }

        return new DevServer(options, DevLayout.Resolve(options.Path), new DevConsole(output));
    }

    /// <summary>Loads every project, starts Kestrel and the file watcher.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_reloadLock)
        {
            LoadProjects(_layout.Discover());
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "wharf-dev" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(_options.BindAddress(), _options.Port));
        var app = builder.Build();
        app.Run(HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new DevConfigException($"cannot listen on {_options.Host}:{_options.Port}: {e.Message}");
        }

        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{_options.Host}:{_options.Port}";
        Address = new Uri(address);
        _watchLoop = WatchAsync(_stopping.Token);
        PrintBanner();
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl+C), then stops cleanly.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _console.Info("stopping");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_watchLoop is not null)
        {
            try
            {
                await _watchLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (_app is not null)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        lock (_reloadLock)
        {
            foreach (var project in _projects.Values)
            {
                project.Host?.Dispose();
            }

            _projects = _projects.Clear();
            _router = DevRouter<ServedProject>.Empty;
        }

        _engine.Dispose();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var request = context.Request;
        var path = request.Path.HasValue ? request.Path.Value! : "/";
        var served = _router.Match(request.Host.Host, path);
        try
        {
            if (served?.Host is { } host)
            {
                await ServeAsync(host, context).ConfigureAwait(false);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(NotFoundText(request.Host.Host, path), context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        finally
        {
            _console.Request(served?.Name ?? "-", request.Method, path + request.QueryString, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    /// <summary>Runs the worker with its response buffered, so a 500 can carry the error lines the worker logged
    /// for this request (JavaScript: the uncaught exception and its stack).</summary>
    private static async Task ServeAsync(NodeRuntime.Hosting.WorkerHost host, HttpContext context)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        var capture = new DevErrorCapture();
        DevErrorCapture.Current = capture;
        context.Response.Body = buffer;
        try
        {
            await host.HandleAsync(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
            DevErrorCapture.Current = null;
        }

        if (context.Response.StatusCode == StatusCodes.Status500InternalServerError && capture.Lines.Count > 0)
        {
            var extra = System.Text.Encoding.UTF8.GetBytes("\nworker log:\n" + string.Join('\n', capture.Lines) + "\n");
            buffer.Write(extra);
        }

        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.ContentLength = HttpMethods.IsHead(context.Request.Method) ? context.Response.ContentLength : buffer.Length;
        if (buffer.Length > 0)
        {
            await original.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private string NotFoundText(string host, string path)
    {
        var routes = RouteLines();
        return $"not found: no worker is routed for {host}{path}\n"
            + (routes.Count == 0 ? "no worker is loaded (see the wharf dev output for errors)\n" : "routes:\n" + string.Concat(routes.Select(r => $"  {r}\n")));
    }

    private List<string> RouteLines() =>
        [.. _projects.Values.Where(p => p.Host is not null).OrderBy(p => p.Name, StringComparer.Ordinal)
            .SelectMany(p => p.Routes.Select(r => $"{(r.Host == "*" ? "" : r.Host)}{r.PathPrefix} -> {p.Name}"))];

    private void PrintBanner()
    {
        _console.Info($"wharf dev: serving {_layout.Root} on {Address} (dev mode: in-memory KV, error stacks in 500 bodies)");
        foreach (var line in RouteLines())
        {
            _console.Info($"  {line}");
        }

        _console.Info("watching for changes; press Ctrl+C to stop");
    }
}
