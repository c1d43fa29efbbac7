namespace Wharf.Cli.Tests.Dev;

/// <summary>Reloading on file changes: the next responses change without a restart, failures keep the old version.</summary>
public sealed class DevReloadTests
{
    /// <summary>A reload recompiles wharf-js.wasm and runs QuickJS start-up; generous for a loaded 2-core test machine.</summary>
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task EditedJs_NextResponseChanges_WithoutRestart()
    {
        var root = DevExamples.CopyToTemp("hello-js");
        var index = Path.Join(root, "hello-js", "index.js");
        await using var fx = await DevFixture.StartAsync(Path.Join(root, "hello-js"));
        Assert.Equal("Hello from Wharf!\n", await fx.GetStringAsync("/hello"));

        await File.WriteAllTextAsync(index, "export default { fetch() { return new Response('edited\\n'); } };\n");
        var (body, _) = await fx.PollAsync("/hello", b => b == "edited\n", ReloadTimeout);

        Assert.Equal("edited\n", body);
        Assert.Contains("reloaded hello-js (javascript) in ", fx.Output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyntaxError_KeepsPreviousVersion_AndReportsTheError()
    {
        var root = DevExamples.CopyToTemp("hello-js");
        var index = Path.Join(root, "hello-js", "index.js");
        await using var fx = await DevFixture.StartAsync(root);

        await File.WriteAllTextAsync(index, "export default { fetch( {\n");
        Assert.True(await fx.WaitForOutputAsync("still serving the previous version of 'hello-js'", ReloadTimeout), fx.Output.Text);

        Assert.Equal("Hello from Wharf!\n", await fx.GetStringAsync("/hello"));
        Assert.Contains("[hello-js] error: worker failed to load: SyntaxError", fx.Output.Text, StringComparison.Ordinal);
        Assert.Contains("error: worker 'hello-js': ", fx.Output.Text, StringComparison.Ordinal);

        // fixing the file serves the new version
        await File.WriteAllTextAsync(index, "export default { fetch() { return new Response('fixed'); } };\n");
        var (body, _) = await fx.PollAsync("/hello", b => b == "fixed", ReloadTimeout);
        Assert.Equal("fixed", body);
    }

    [Fact]
    public async Task BrokenManifest_KeepsPreviousVersion_AndNamesTheFile()
    {
        var root = DevExamples.CopyToTemp("hello-js");
        var manifest = Path.Join(root, "hello-js", "wharf.json");
        await using var fx = await DevFixture.StartAsync(root);

        await File.WriteAllTextAsync(manifest, """{ "name": "hello-js", "rootes": ["/hello"] }""");
        Assert.True(await fx.WaitForOutputAsync("unknown field 'rootes'", ReloadTimeout), fx.Output.Text);

        Assert.Contains($"error: {manifest}: unknown field 'rootes' (known: name, main, routes, vars, secrets, kv, egress, limits) (still serving the previous version of 'hello-js')",
            fx.Output.Text, StringComparison.Ordinal);
        Assert.Equal("Hello from Wharf!\n", await fx.GetStringAsync("/hello"));
    }

    [Fact]
    public async Task NewProjectFolder_IsPickedUp_AndRemovedOneStopsServing()
    {
        var root = DevExamples.CopyToTemp("hello-js");
        await using var fx = await DevFixture.StartAsync(root);

        var added = Path.Join(root, "second");
        Directory.CreateDirectory(added);
        await File.WriteAllTextAsync(Path.Join(added, "index.js"), "export default { fetch() { return new Response('second'); } };\n");
        await File.WriteAllTextAsync(Path.Join(added, "wharf.json"), """{ "vars": { "X": 1 } }""");
        var (body, _) = await fx.PollAsync("/second", b => b == "second", ReloadTimeout);
        Assert.Equal("second", body);

        Directory.Delete(Path.Join(root, "hello-js"), recursive: true);
        (body, _) = await fx.PollAsync("/hello", b => b.StartsWith("not found", StringComparison.Ordinal), ReloadTimeout);
        Assert.StartsWith("not found: no worker is routed for 127.0.0.1/hello", body, StringComparison.Ordinal);
        Assert.Contains("removed hello-js", fx.Output.Text, StringComparison.Ordinal);
    }
}
