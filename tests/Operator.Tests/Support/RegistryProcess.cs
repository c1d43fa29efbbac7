using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Operator.Tests.Support;

/// <summary>
/// A real OCI distribution registry: Debian's <c>docker-registry</c> on 127.0.0.1 with a random port, a temp
/// storage directory and its own config file. <see cref="Available"/> is false when the binary is absent.
/// </summary>
public sealed class RegistryProcess : IAsyncLifetime
{
    public const string Binary = "/usr/bin/docker-registry";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wharf-registry-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;

    public static bool Available => File.Exists(Binary);

    public static string SkipReason => $"{Binary} is absent (apt-get install docker-registry)";

    /// <summary>host:port the registry listens on.</summary>
    public string Host { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(_dir, "data"));
        var port = FreePort();
        Host = $"127.0.0.1:{port}";
        var config = Path.Combine(_dir, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_dir, "data")}
              delete:
                enabled: true
            http:
              addr: {Host}
            """);
        _process = Process.Start(new ProcessStartInfo(Binary, ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.UntilAsync(async () =>
        {
            using var response = await Http.GetAsync($"http://{Host}/v2/");
            return response.StatusCode == HttpStatusCode.OK;
        }, "docker-registry answering /v2/", TimeSpan.FromSeconds(15));
    }

    /// <summary>Pushes a one-layer OCI artifact (a tiny wasm module) as <paramref name="repository"/>:<paramref name="tag"/>; returns its manifest digest.</summary>
    public async Task<string> PushAsync(string repository, string tag, string content)
    {
        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"wasm\",\"os\":\"wasip1\"}");
        var layer = Encoding.UTF8.GetBytes("\0asm\u0001\0\0\0" + content);
        var configDigest = await PushBlobAsync(repository, config);
        var layerDigest = await PushBlobAsync(repository, layer);
        var manifest = $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{configDigest}}","size":{{config.Length}}},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{layerDigest}}","size":{{layer.Length}}}]}
            """;
        using var content2 = new StringContent(manifest);
        content2.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        using var response = await Http.PutAsync($"http://{Host}/v2/{repository}/manifests/{tag}", content2);
        Assert.True(response.IsSuccessStatusCode, $"manifest push answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)));
        Assert.Equal(expected, response.Headers.GetValues("Docker-Content-Digest").Single());
        return expected;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private async Task<string> PushBlobAsync(string repository, byte[] blob)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        using var start = await Http.PostAsync($"http://{Host}/v2/{repository}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!;
        var upload = location.IsAbsoluteUri ? location : new Uri(new Uri($"http://{Host}"), location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var body = new ByteArrayContent(blob);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await Http.PutAsync($"{upload}{separator}digest={Uri.EscapeDataString(digest)}", body);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return digest;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
