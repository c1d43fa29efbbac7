using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Wharf.Oci.Tests.Support;

/// <summary>
/// A registry token service (<see href="https://distribution.github.io/distribution/spec/auth/token/"/>) on Kestrel:
/// checks Basic credentials, grants the requested repository scopes, and signs an ES256 JWT whose <c>x5c</c> header
/// carries a self-signed certificate the registry is configured to trust.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "wharf-registry";
    public const string Issuer = "wharf-test-issuer";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private WebApplication? _app;
    private int _requests;

    private TokenServer(string user, string password)
    {
        User = user;
        Password = password;
        var request = new CertificateRequest("CN=wharf test token signer", _key, HashAlgorithmName.SHA256);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public string User { get; }

    public string Password { get; }

    public string Realm { get; private set; } = "";

    public string CertificatePem => _certificate.ExportCertificatePem();

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<TokenServer> StartAsync(string user, string password)
    {
        var server = new TokenServer(user, password);
        var port = RegistryServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        server._app = builder.Build();
        server._app.MapGet("/token", server.Issue);
        await server._app.StartAsync();
        server.Realm = $"http://127.0.0.1:{port}/token";
        return server;
    }

    private IResult Issue(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            return Results.Unauthorized();
        }

        var access = context.Request.Query["scope"]
            .Select(s => s!.Split(':'))
            .Where(p => p.Length == 3 && p[0] == "repository")
            .Select(p => new { type = "repository", name = p[1], actions = p[2].Split(',') })
            .ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { alg = "ES256", typ = "JWT", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new { iss = Issuer, sub = User, aud = Service, exp = now + 600, nbf = now - 60, iat = now, jti = Guid.NewGuid().ToString("N"), access };
        var signingInput = B64(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256); // IEEE P1363 r||s, as JWS wants.
        return Results.Json(new { token = signingInput + "." + B64(signature), expires_in = 600 });
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _certificate.Dispose();
        _key.Dispose();
    }
}
