using System.Net;

namespace Wharf.Cli.Tests.Dev;

public sealed class DevServerTests
{
    [Fact]
    public async Task SingleJsFile_ServedAtRoot_WithDevErrorStacks()
    {
        var root = Directory.CreateTempSubdirectory("wharf-dev-file-").FullName;
        var file = Path.Join(root, "worker.js");
        await File.WriteAllTextAsync(file, """
            export default {
              fetch(request) {
                if (new URL(request.url).pathname === "/boom") throw new Error("kaboom");
                console.warn("careful");
                return new Response("single file");
              },
            };
            """);
        await using var fx = await DevFixture.StartAsync(file);

        Assert.Equal("single file", await fx.GetStringAsync("/any/path"));
        using var boom = await fx.Client.GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, boom.StatusCode);
        var text = await boom.Content.ReadAsStringAsync();
        Assert.StartsWith("error id: ", text, StringComparison.Ordinal);
        Assert.Contains("worker log:\nUncaught exception: Error: kaboom", text, StringComparison.Ordinal);
        Assert.Contains("worker.js:3", text, StringComparison.Ordinal); // the stack names the file and line
        Assert.Contains("[worker] warn: careful", fx.Output.Text, StringComparison.Ordinal);
        Assert.Contains("[worker] GET /boom -> 500 (", fx.Output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManifestVarsSecretsAndHostRoutes_ReachTheWorker()
    {
        var root = Directory.CreateTempSubdirectory("wharf-dev-env-").FullName;
        await File.WriteAllTextAsync(Path.Join(root, "index.js"),
            "export default { fetch(r, env) { return Response.json({ v: env.NAME, s: env.TOKEN }); } };\n");
        await File.WriteAllTextAsync(Path.Join(root, "wharf.json"), """
            { "name": "envy", "routes": ["api.example.test/v1", "*.example.test"], "vars": { "NAME": "dev" }, "secrets": { "TOKEN": "s3cret" } }
            """);
        await using var fx = await DevFixture.StartAsync(root);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/x");
        request.Headers.Host = "api.example.test";
        using var response = await fx.Client.SendAsync(request);
        Assert.Equal("""{"v":"dev","s":"s3cret"}""", await response.Content.ReadAsStringAsync());

        using var other = new HttpRequestMessage(HttpMethod.Get, "/v2");
        other.Headers.Host = "www.example.test";
        using var wildcard = await fx.Client.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, wildcard.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await fx.Client.GetAsync("/v1/x")).StatusCode); // host 127.0.0.1
    }

    [Fact]
    public async Task BrokenManifestAtStartup_ServesTheOthers_AndReportsIt()
    {
        var root = DevExamples.CopyToTemp("hello-js");
        var broken = Path.Join(root, "broken");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Join(broken, "wharf.json"), """{ "name": "broken", "limits": { "timeout": "soon" } }""");
        await using var fx = await DevFixture.StartAsync(root);

        Assert.Equal(["hello-js"], fx.Server.Workers);
        Assert.Contains($"error: {Path.Join(broken, "wharf.json")}: 'limits.timeout' must be a duration such as \"5s\" or \"500ms\"", fx.Output.Text, StringComparison.Ordinal);
        Assert.Equal("Hello from Wharf!\n", await fx.GetStringAsync("/hello"));
    }

    [Fact]
    public async Task MissingWasmMain_ReportsBuildHint()
    {
        var root = Directory.CreateTempSubdirectory("wharf-dev-wasm-").FullName;
        await File.WriteAllTextAsync(Path.Join(root, "wharf.json"), """{ "name": "cw", "main": "build/cw.wasm" }""");
        await using var fx = await DevFixture.StartAsync(root);

        Assert.Empty(fx.Server.Workers);
        Assert.Contains("main file 'build/cw.wasm' does not exist (build it first, e.g. with make)", fx.Output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_MissingPath_ExitsWithUsageError()
    {
        var result = CliRunner.Run("dev", "/no/such/wharf/path", "--port", "0");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("error: /no/such/wharf/path: no such file or directory\n", result.Stderr);
    }

    [Fact]
    public void Cli_BadHostAndPort_ExitWithUsageError()
    {
        Assert.Equal("error: invalid --host 'example.com' (expected an IP address such as 127.0.0.1 or 0.0.0.0, or localhost)\n",
            CliRunner.Run("dev", ".", "--host", "example.com").Stderr);
        Assert.Equal("error: invalid --port 70000 (expected 0..65535)\n", CliRunner.Run("dev", ".", "--port", "70000").Stderr);
    }

    [Fact]
    public void Cli_FolderWithoutWorkers_ExitsWithUsageError()
    {
        var empty = Directory.CreateTempSubdirectory("wharf-dev-empty-").FullName;

        var result = CliRunner.Run("dev", empty);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"error: {empty}: no wharf.json or index.js in this folder or its subfolders\n", result.Stderr);
    }
}
