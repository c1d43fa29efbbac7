using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Wharf.Oci.Tests.Support;

/// <summary>How the test registry authenticates.</summary>
public enum RegistryAuth
{
    Anonymous,
    Basic,
    Bearer,
}

/// <summary>
/// A real OCI distribution registry: Debian's <c>docker-registry</c> on 127.0.0.1 with a random port, a temp
/// storage directory and its own config. Basic auth uses an htpasswd file (apache2-utils' <c>htpasswd -B</c>);
/// bearer auth uses <see cref="TokenServer"/>, a Kestrel token service whose signing certificate the registry trusts.
/// Stopped by PID.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/docker-registry";
    public const string User = "robot";
    public const string Password = "s3cret-pass";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wharf-oci-registry-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;
    private TokenServer? _tokens;

    private RegistryServer()
    {
    }

    public static bool Available => File.Exists(Binary) && (File.Exists("/usr/bin/htpasswd"));

    public const string SkipReason = "docker-registry or htpasswd is absent (apt-get install docker-registry apache2-utils)";

    /// <summary>host:port the registry listens on.</summary>
    public string Host { get; private set; } = "";

    /// <summary>Where the registry stores its data (for tampering tests).</summary>
    public string DataDirectory => Path.Combine(_dir, "data");

    public RegistryAuth Auth { get; private set; }

    /// <summary>Credentials matching this registry (null for anonymous).</summary>
    public RegistryCredentials? Credentials => Auth == RegistryAuth.Anonymous ? null : new RegistryCredentials(User, Password);

    /// <summary>Token requests served so far (bearer mode).</summary>
    public int TokenRequests => _tokens?.Requests ?? 0;

    public static async Task<RegistryServer> StartAsync(RegistryAuth auth = RegistryAuth.Anonymous)
    {
        var server = new RegistryServer { Auth = auth };
        try
        {
            await server.InitializeAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        Host = $"127.0.0.1:{FreePort()}";
        var authConfig = "";
        if (Auth == RegistryAuth.Basic)
        {
            var htpasswd = Path.Combine(_dir, "htpasswd");
            var line = await RunAsync("/usr/bin/htpasswd", "-Bbn", User, Password);
            await File.WriteAllTextAsync(htpasswd, line.Trim() + "\n");
            authConfig = $"""
                auth:
                  htpasswd:
                    realm: wharf-test
                    path: {htpasswd}
                """;
        }
        else if (Auth == RegistryAuth.Bearer)
        {
            _tokens = await TokenServer.StartAsync(User, Password);
            var bundle = Path.Combine(_dir, "token.crt");
            await File.WriteAllTextAsync(bundle, _tokens.CertificatePem);
            authConfig = $"""
                auth:
                  token:
                    realm: {_tokens.Realm}
                    service: {TokenServer.Service}
                    issuer: {TokenServer.Issuer}
                    rootcertbundle: {bundle}
                """;
        }

        var config = Path.Combine(_dir, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {DataDirectory}
              delete:
                enabled: true
            http:
              addr: {Host}
            {authConfig}
            """);
        _process = Process.Start(new ProcessStartInfo(Binary, ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var log = new System.Text.StringBuilder();
        _process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync($"http://{Host}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                lock (log)
                {
                    throw new InvalidOperationException($"docker-registry did not come up on {Host}: {log}");
                }
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The file the registry stores a blob's bytes in.</summary>
    public string BlobDataPath(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(DataDirectory, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_tokens is not null)
        {
            await _tokens.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} exited {process.ExitCode}");
    }
}
