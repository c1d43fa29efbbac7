using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Extensions;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Kv;

namespace Wharf.Bench.Workers;

/// <summary>The two servers under test, each Kestrel on 127.0.0.1:&lt;free port&gt;.</summary>
internal static class Servers
{
    public const string Greeting = "Hello from Wharf!";

    /// <summary>The examples served by the node runtime's <see cref="WorkerHost"/> (production mode, no dev stacks).</summary>
    public static async Task<(WebApplication App, Uri Address)> StartWorkerHostAsync(string repoRoot, string jsRuntime)
    {
        var kv = new InMemoryKvStore();
        kv.ConfigureNamespace("bench/hits", KvNamespaceLimits.Default);
        var host = new WorkerHost(new WorkerHostOptions(), kv, new DiscardLog());
        var examples = Path.Join(repoRoot, "examples");
        var failures = host.Load(
        [
            new WorkerDefinition
            {
                Name = "hello-js",
                Module = await File.ReadAllBytesAsync(jsRuntime).ConfigureAwait(false),
                Kind = WorkerKind.Sdk,
                InitData = Bundle(await File.ReadAllTextAsync(Path.Join(examples, "hello-js", "index.js")).ConfigureAwait(false)),
                Routes = [new WorkerRoute("*", "/hello")],
                Bindings = new WorkerBindings { Vars = new Dictionary<string, string> { ["GREETING"] = Greeting } },
            },
            new WorkerDefinition
            {
                Name = "c-sdk-hello",
                Module = await File.ReadAllBytesAsync(Path.Join(examples, "c-sdk-hello", "build", "c-sdk-hello.wasm")).ConfigureAwait(false),
                Routes = [new WorkerRoute("*", "/c-hello")],
                Bindings = new WorkerBindings
                {
                    Vars = new Dictionary<string, string> { ["GREETING"] = Greeting },
                    Kv = new Dictionary<string, string> { ["HITS"] = "bench/hits" },
                },
            },
            new WorkerDefinition
            {
                Name = "wagi-hello",
                Module = await File.ReadAllBytesAsync(Path.Join(examples, "wagi-hello", "build", "wagi-hello.wasm")).ConfigureAwait(false),
                Routes = [new WorkerRoute("*", "/wagi")],
            },
        ]);
        if (failures.Count > 0)
        {
            throw failures[0];
        }

        var app = Kestrel();
        app.Run(host.HandleAsync);
        app.Lifetime.ApplicationStopped.Register(host.Dispose);
        return (app, await StartAsync(app).ConfigureAwait(false));
    }

    /// <summary>The same three handlers written directly against Kestrel: the reference.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartReferenceAsync()
    {
        var kv = new InMemoryKvStore();
        kv.ConfigureNamespace("bench/hits", KvNamespaceLimits.Default);
        var app = Kestrel();
        app.Run(context => context.Request.Path.Value switch
        {
            "/hello" => Text(context, Greeting + "\n", "text/plain; charset=utf-8"),
            "/c-hello" => CHello(context, kv),
            _ => Wagi(context),
        });
        return (app, await StartAsync(app).ConfigureAwait(false));
    }

    /// <summary>What examples/c-sdk-hello does: request line and user agent, a KV get-then-put hit counter, JSON.</summary>
    private static async Task CHello(HttpContext context, IKvStore kv)
    {
        var request = context.Request;
        var entry = await kv.GetAsync("bench/hits", "hits").ConfigureAwait(false);
        var hits = entry is null ? 1 : long.Parse(Encoding.UTF8.GetString(entry.Value.Span), CultureInfo.InvariantCulture) + 1;
        await kv.PutAsync("bench/hits", "hits", Encoding.UTF8.GetBytes(hits.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("greeting", Greeting);
            json.WriteString("method", request.Method);
            json.WriteString("url", request.GetDisplayUrl());
            json.WriteString("userAgent", request.Headers.UserAgent.ToString());
            json.WriteNumber("hits", hits);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).ConfigureAwait(false);
    }

    /// <summary>What examples/wagi-hello prints, built from the request instead of CGI variables.</summary>
    private static Task Wagi(HttpContext context)
    {
        var r = context.Request;
        var text = $"hello from WAGI\nmethod={r.Method}\npath={r.Path.Value?["/wagi".Length..]}\nquery={r.QueryString.Value?.TrimStart('?')}\n"
            + $"user-agent={r.Headers.UserAgent}\ncontent-length={r.ContentLength}\nbody-bytes=0\n";
        context.Response.Headers["X-Wagi-Args"] = "1";
        return Text(context, text, "text/plain");
    }

    private static Task Text(HttpContext context, string text, string type)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.ContentType = type;
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes).AsTask();
    }

    private static byte[] Bundle(string source)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("main", "index.js");
            json.WriteStartObject("modules");
            json.WriteString("index.js", source);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static WebApplication Kestrel()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    private static async Task<Uri> StartAsync(WebApplication app)
    {
        await app.StartAsync().ConfigureAwait(false);
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private sealed class DiscardLog : IWorkerLog
    {
        public void Write(string worker, WorkerLogLevel level, string message)
        {
        }
    }
}
