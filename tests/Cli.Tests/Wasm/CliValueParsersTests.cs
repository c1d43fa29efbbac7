using Wharf.Cli.Wasm;

namespace Wharf.Cli.Tests.Wasm;

public sealed class CliValueParsersTests
{
    [Theory]
    [InlineData("64MiB", 64L << 20)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("512KiB", 512L << 10)]
    [InlineData("2M", 2L << 20)]
    [InlineData("10MB", 10_000_000)]
    [InlineData("65536", 65536)]
    [InlineData("100B", 100)]
    public void ParseSize_ValidText_ReturnsBytes(string text, long expected)
    {
        Assert.Equal(expected, CliValueParsers.ParseSize(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5MiB")]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("1.5MiB")]
    [InlineData("99999999999999999GiB")]
    public void ParseSize_InvalidText_ReportsError(string text)
    {
        Assert.Null(CliValueParsers.ParseSize(text, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5s", 5000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("3", 3000)]
    public void ParseDuration_ValidText_ReturnsTimeSpan(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), CliValueParsers.ParseDuration(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("5 parsecs")]
    public void ParseDuration_InvalidText_ReportsError(string text)
    {
        Assert.Null(CliValueParsers.ParseDuration(text, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("/tmp/x", "/tmp/x", "/tmp/x")]
    [InlineData("/tmp/x::/data", "/tmp/x", "/data")]
    [InlineData(".::.", ".", ".")]
    public void ParseDir_Mapping_SplitsHostAndGuest(string text, string host, string guest)
    {
        Assert.Equal((host, guest), CliValueParsers.ParseDir(text, out _));
    }

    [Theory]
    [InlineData("::/data")]
    [InlineData("/tmp/x::")]
    public void ParseDir_EmptySide_ReportsError(string text)
    {
        Assert.Null(CliValueParsers.ParseDir(text, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void ParseEnv_KeyValue_SplitsAtFirstEquals()
    {
        Assert.Equal(new KeyValuePair<string, string>("A", "b=c"), CliValueParsers.ParseEnv("A=b=c", _ => null, out _));
    }

    [Fact]
    public void ParseEnv_KeyOnly_TakesHostValueOrNothing()
    {
        Assert.Equal(new KeyValuePair<string, string>("HOME", "/h"), CliValueParsers.ParseEnv("HOME", _ => "/h", out _));
        Assert.Null(CliValueParsers.ParseEnv("UNSET", _ => null, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void ParseEnv_EmptyKey_ReportsError()
    {
        Assert.Null(CliValueParsers.ParseEnv("=x", _ => null, out var error));
        Assert.NotNull(error);
    }
}
