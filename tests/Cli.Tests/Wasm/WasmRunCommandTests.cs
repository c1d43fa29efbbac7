namespace Wharf.Cli.Tests.Wasm;

public sealed class WasmRunCommandTests
{
    [Fact]
    public void Run_UnknownOption_ExitsWithUsageError()
    {
        var result = CliRunner.Run("wasm", "run", "--frobnicate", "x.wasm");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--frobnicate", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingModuleArgument_ExitsWithUsageError()
    {
        var result = CliRunner.Run("wasm", "run");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BadOptionValues_ReportsEachAndExits2()
    {
        var result = CliRunner.Run("wasm", "run", "--max-memory", "lots", "--timeout", "soon", "--dir", "/no/such/dir", "x.wasm");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("invalid size 'lots'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("invalid duration 'soon'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'/no/such/dir' does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_NamesFileAndExits2()
    {
        var result = CliRunner.Run("wasm", "run", "/no/such/module.wasm");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot read '/no/such/module.wasm'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsRunOptions()
    {
        var result = CliRunner.Run("wasm", "run", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--dir", "--dir-ro", "--env", "--max-memory", "--timeout", "--max-call-depth" })
        {
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NoArguments_PrintsHelpAndExits2()
    {
        var result = CliRunner.Run();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("wasm", result.Stdout, StringComparison.Ordinal);
    }
}
