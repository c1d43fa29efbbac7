using Wharf.Oci;
using Wharf.Oci.Tests.Support;

namespace Wharf.Cli.Tests.Artifacts;

public sealed class ArtifactCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wharf-cli-artifacts-" + Guid.NewGuid().ToString("N")[..8]);

    public ArtifactCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void Build_WasmExample_WritesLayoutWithWasmArtifact_SameDigestWhenRebuilt()
    {
        var project = CopyExample("c-sdk-hello", "a");

        var first = CliRunner.Run("build", project);
        var second = CliRunner.Run("build", project);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(LastLine(first.Stdout), LastLine(second.Stdout));
        var (descriptor, manifest, _) = OciImageLayout.Open(Path.Join(project, ".wharf")).ReadSingleManifest();
        Assert.Equal(LastLine(first.Stdout), descriptor.Digest);
        Assert.Equal(MediaTypes.WasmConfig, manifest.Config.MediaType);
        Assert.Equal(MediaTypes.WasmLayer, Assert.Single(manifest.Layers).MediaType);
    }

    [Fact]
    public void Build_JsExample_BundlesOneModuleWithSourceMap_ReproducibleAcrossLocations()
    {
        var a = CopyExample("json-api-js", "a");
        var b = CopyExample("json-api-js", "b");

        var first = CliRunner.Run("build", a);
        var second = CliRunner.Run("build", b);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(LastLine(first.Stdout), LastLine(second.Stdout));
        var layout = OciImageLayout.Open(Path.Join(a, ".wharf"));
        var (_, manifest, _) = layout.ReadSingleManifest();
        Assert.Equal(WorkerArtifactKind.JavaScript, WorkerArtifacts.KindOf(manifest));
        var module = System.Text.Encoding.UTF8.GetString(layout.ReadBlob(manifest.Layers[0]));
        Assert.DoesNotContain("import ", module); // ./lib/http.js is bundled in
        Assert.Contains("export", module);
        Assert.Equal(MediaTypes.JsSourceMapLayer, manifest.Layers[1].MediaType);
        Assert.Contains("../../lib/http.js", System.Text.Encoding.UTF8.GetString(layout.ReadBlob(manifest.Layers[1])));
    }

    [Fact]
    public void Build_TypeScript_Bundled()
    {
        var project = Path.Join(_dir, "ts-worker");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Join(project, "index.ts"), """
            interface Greeting { text: string }
            const greeting: Greeting = { text: "hi" };
            export default { async fetch(_request: Request): Promise<Response> { return new Response(greeting.text); } };
            """);

        var result = CliRunner.Run("build", project);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var layout = OciImageLayout.Open(Path.Join(project, ".wharf"));
        var module = System.Text.Encoding.UTF8.GetString(layout.ReadBlob(layout.ReadSingleManifest().Manifest.Layers[0]));
        Assert.DoesNotContain("interface", module);
        Assert.Contains("\"hi\"", module);
    }

    [Fact]
    public void Build_InvalidWasmOrSyntaxError_ExitOneWithReason()
    {
        var wasm = Path.Join(_dir, "bad-wasm");
        Directory.CreateDirectory(wasm);
        File.WriteAllText(Path.Join(wasm, "wharf.json"), """{ "main": "w.wasm" }""");
        File.WriteAllBytes(Path.Join(wasm, "w.wasm"), [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x01, 0x05, 0xff]);
        var js = Path.Join(_dir, "bad-js");
        Directory.CreateDirectory(js);
        File.WriteAllText(Path.Join(js, "index.js"), "export default { fetch( }");

        var badWasm = CliRunner.Run("build", wasm);
        var badJs = CliRunner.Run("build", js);

        Assert.Equal(1, badWasm.ExitCode);
        Assert.Contains("not a valid wasm module", badWasm.Stderr);
        Assert.Equal(1, badJs.ExitCode);
        Assert.Contains("esbuild failed", badJs.Stderr);
    }

    [RegistryFact]
    public async Task PushSignVerify_Example_LastLineIsRepoAtDigest_VerifyExitCodes()
    {
        await using var registry = await RegistryServer.StartAsync();
        var project = CopyExample("hello-js", "hello");
        Assert.Equal(0, CliRunner.Run("build", project).ExitCode);
        var repo = $"{registry.Host}/tenant/hello";

        var push = CliRunner.Run("push", repo + ":1.0", project, "--chunk-size", "1024");
        Assert.True(push.ExitCode == 0, push.Stderr);
        var pushed = LastLine(push.Stdout);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(repo)}@sha256:[0-9a-f]{{64}}$", pushed);

        var key = Path.Join(_dir, "signer");
        var other = Path.Join(_dir, "other");
        Assert.Equal(0, CliRunner.Run("keygen", "--out", key).ExitCode);
        Assert.Equal(0, CliRunner.RunWithStdin("pw\n", "keygen", "--out", other, "--password-stdin").ExitCode);
        Assert.Contains("ENCRYPTED PRIVATE KEY", File.ReadAllText(other + ".key"));

        var unsigned = CliRunner.Run("verify", pushed, "--key", key + ".pub");
        Assert.Equal(1, unsigned.ExitCode);
        Assert.Contains("unsigned", unsigned.Stderr);

        var sign = CliRunner.Run("sign", repo + ":1.0", "--key", key + ".key");
        Assert.True(sign.ExitCode == 0, sign.Stderr);
        Assert.Equal(0, CliRunner.Run("verify", pushed, "--key", key + ".pub").ExitCode);
        var wrongKey = CliRunner.Run("verify", repo + ":1.0", "--key", other + ".pub");
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("not valid for any trusted key", wrongKey.Stderr);

        var wrongPassword = CliRunner.RunWithStdin("nope\n", "sign", pushed, "--key", other + ".key", "--password-stdin");
        Assert.Equal(1, wrongPassword.ExitCode);
        Assert.Contains("wrong password", wrongPassword.Stderr);
    }

    [Fact]
    public void Push_WithoutBuild_ExitOneSaysBuildFirst()
    {
        var result = CliRunner.Run("push", "127.0.0.1:1/t/x:1", _dir);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("wharf build", result.Stderr);
    }

    private string CopyExample(string name, string under)
    {
        var target = Path.Join(_dir, under, name);
        foreach (var file in Directory.EnumerateFiles(Path.Join(TestPrograms.RepoRoot, "examples", name), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Path.Join(TestPrograms.RepoRoot, "examples", name), file);
            if (relative.StartsWith(".wharf", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(target, relative))!);
            File.Copy(file, Path.Join(target, relative));
        }

        return target;
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1].Trim();
}
