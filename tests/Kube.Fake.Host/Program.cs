using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Kube.Fake;
using Wharf.Kube.Fake.Host;

// The fake Kubernetes API server as a standalone process, for kubectl and for end-to-end runs.
var options = HostOptions.Parse(args, Environment.CurrentDirectory, out var errors);
if (errors.Count > 0)
{
    foreach (var error in errors)
    {
        await Console.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
    }

    await Console.Error.WriteLineAsync(HostOptions.Usage).ConfigureAwait(false);
    return 2;
}

using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

FakeKubeServer server;
try
{
    server = await FakeKubeServer.StartAsync(new FakeKubeServerOptions
    {
        Port = options.Port,
        CrdDirectory = options.CrdDirectory,
        RequireNamespaces = options.RequireNamespaces,
    }).ConfigureAwait(false);
}
catch (IOException e)
{
    await Console.Error.WriteLineAsync($"error: cannot listen on 127.0.0.1:{options.Port}: {e.Message}").ConfigureAwait(false);
    return 1;
}
catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"error: cannot start the fake API server: {e.Message}").ConfigureAwait(false);
    return 1;
}

await using (server.ConfigureAwait(false))
{
    // The namespaces every cluster starts with.
    using (var client = server.CreateClient())
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } };
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri("api/v1/namespaces", UriKind.Relative), content).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }
    }

    var address = server.BaseAddress.ToString().TrimEnd('/');
    await Kubeconfig.WriteAsync(options.KubeconfigPath, address).ConfigureAwait(false);
    Console.WriteLine($"listening on {address}");
    Console.Out.Flush();
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
    }
    catch (OperationCanceledException)
    {
        // SIGTERM or SIGINT: stop cleanly.
    }
}

return 0;
