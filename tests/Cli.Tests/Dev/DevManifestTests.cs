using Wharf.Cli.Dev;
using Wharf.NodeRuntime.Hosting;

namespace Wharf.Cli.Tests.Dev;

public sealed class DevManifestTests
{
    [Fact]
    public void Parse_FullManifest_ReadsEveryField()
    {
        var manifest = DevManifest.Parse("""
            {
              // comments and trailing commas are allowed
              "name": "shop",
              "main": "src/worker.mjs",
              "routes": ["/shop", "shop.example.com", "*.example.com/api/*"],
              "vars": { "MODE": "dev", "RETRIES": 3, "DEBUG": true },
              "secrets": { "TOKEN": "dev-token" },
              "kv": ["CART", "SESSIONS"],
              "egress": ["api.stripe.com:443"],
              "limits": { "timeout": "2s", "memory": "64MiB", "maxRequestBody": "1MiB", "maxResponseBody": 2048, "maxConcurrency": 4 },
            }
            """, "wharf.json", "folder");

        Assert.Equal("shop", manifest.Name);
        Assert.Equal("src/worker.mjs", manifest.Main);
        Assert.Equal([new WorkerRoute("*", "/shop"), new WorkerRoute("shop.example.com", "/"), new WorkerRoute("*.example.com", "/api")], manifest.Routes);
        Assert.Equal("3", manifest.Vars["RETRIES"]);
        Assert.Equal("true", manifest.Vars["DEBUG"]);
        Assert.Equal("dev-token", manifest.Secrets["TOKEN"]);
        Assert.Equal("shop/CART", manifest.Kv["CART"]);
        Assert.Equal("api.stripe.com", manifest.Egress.Single().Host);
        Assert.Equal(443, manifest.Egress.Single().Port);
        Assert.Equal(TimeSpan.FromSeconds(2), manifest.Limits.Timeout);
        Assert.Equal(64L << 20, manifest.Limits.MemoryBytes);
        Assert.Equal(1L << 20, manifest.Limits.MaxRequestBodyBytes);
        Assert.Equal(2048, manifest.Limits.MaxResponseBodyBytes);
        Assert.Equal(4, manifest.Limits.MaxConcurrency);
    }

    [Fact]
    public void Parse_Empty_UsesDefaults()
    {
        var manifest = DevManifest.Parse("{}", "wharf.json", "my-worker");

        Assert.Equal("my-worker", manifest.Name);
        Assert.Equal("index.js", manifest.Main);
        Assert.Null(manifest.Routes);
        Assert.Equal(TimeSpan.FromSeconds(5), manifest.Limits.Timeout);
        Assert.Equal(128L << 20, manifest.Limits.MemoryBytes);
    }

    [Fact]
    public void Parse_KvObject_UsesGivenNamespace()
    {
        var manifest = DevManifest.Parse("""{ "kv": { "SHARED": "team/shared" } }""", "wharf.json", "w");

        Assert.Equal("team/shared", manifest.Kv["SHARED"]);
    }

    [Theory]
    [InlineData("{", "p/wharf.json: invalid JSON: ")]
    [InlineData("[]", "p/wharf.json: expected a JSON object")]
    [InlineData("""{ "nmae": "x" }""", "p/wharf.json: unknown field 'nmae' (known: name, main, routes, vars, secrets, kv, egress, limits)")]
    [InlineData("""{ "name": "a b" }""", "p/wharf.json: invalid name 'a b' (1..63 characters: letters, digits, '-', '_', '.')")]
    [InlineData("""{ "main": 3 }""", "p/wharf.json: 'main' must be a non-empty string")]
    [InlineData("""{ "routes": [] }""", "p/wharf.json: 'routes' must not be empty")]
    [InlineData("""{ "routes": ["host:8080/x"] }""", "p/wharf.json: invalid route 'host:8080/x' (use '/prefix', 'host', 'host/prefix' or '*.domain/prefix'; no port or query)")]
    [InlineData("""{ "routes": ["a.*.com"] }""", "p/wharf.json: invalid route 'a.*.com'")]
    [InlineData("""{ "vars": { "A": {} } }""", "p/wharf.json: 'vars.A' must be a string, number or boolean")]
    [InlineData("""{ "vars": { "1A": "x" } }""", "p/wharf.json: 'vars' has an invalid name '1A'")]
    [InlineData("""{ "kv": "X" }""", "p/wharf.json: 'kv' must be an object or an array of binding names")]
    [InlineData("""{ "egress": ["bad host:x"] }""", "p/wharf.json: invalid egress rule 'bad host:x'")]
    [InlineData("""{ "limits": { "memory": "lots" } }""", "p/wharf.json: 'limits.memory' must be a size such as \"128MiB\" or a positive byte count")]
    [InlineData("""{ "limits": { "memory": 100 } }""", "p/wharf.json: invalid limits: MemoryBytes must be 64 KiB..4 GiB, got 100")]
    [InlineData("""{ "limits": { "cpu": 1 } }""", "p/wharf.json: unknown field 'limits.cpu' (known: timeout, memory, maxRequestBody, maxResponseBody, maxConcurrency)")]
    public void Parse_Invalid_ThrowsNamingFileAndField(string json, string expected)
    {
        var e = Assert.Throws<DevConfigException>(() => DevManifest.Parse(json, "p/wharf.json", "w"));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }
}
