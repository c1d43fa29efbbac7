namespace Wharf.Api.Tests.Units;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("5s", 5_000L)]
    [InlineData("100ms", 100L)]
    [InlineData("1m30s", 90_000L)]
    [InlineData("1.5h", 5_400_000L)]
    [InlineData("0", 0L)]
    [InlineData("1500us", 2L)]
    [InlineData("1500µs", 2L)]
    [InlineData("2h45m", 9_900_000L)]
    [InlineData(".5s", 500L)]
    [InlineData("1ns", 1L)]
    public void ParseMilliseconds_Valid_ReturnsRoundedUpMilliseconds(string text, long expected) =>
        Assert.Equal(expected, GoDuration.ParseMilliseconds(text));

    [Fact]
    public void Parse_Valid_ReturnsTimeSpan() =>
        Assert.Equal(TimeSpan.FromSeconds(90), GoDuration.Parse("1m30s"));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("5", "missing unit")]
    [InlineData("5sec", "unknown unit \"sec\"")]
    [InlineData("5d", "unknown unit \"d\"")]
    [InlineData("-5s", "must not have a sign")]
    [InlineData("s", "expected a number")]
    [InlineData("1m 30s", "unknown unit \"m \"")]
    [InlineData("999999999999h", "too long")]
    public void Parse_Invalid_ThrowsWithReason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => GoDuration.ParseNanoseconds(text));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
