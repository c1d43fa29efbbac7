namespace Wharf.Api.Tests.Units;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("64Mi", 67_108_864L)]
    [InlineData("1G", 1_000_000_000L)]
    [InlineData("1Gi", 1_073_741_824L)]
    [InlineData("1k", 1000L)]
    [InlineData("1Ki", 1024L)]
    [InlineData("0", 0L)]
    [InlineData("1.5Gi", 1_610_612_736L)]
    [InlineData("128974848", 128_974_848L)]
    [InlineData("129e6", 129_000_000L)]
    [InlineData("1E", 1_000_000_000_000_000_000L)]
    [InlineData("+5", 5L)]
    [InlineData(".5Ki", 512L)]
    [InlineData("1.3", 2L)]
    public void ToBytes_ValidQuantity_ReturnsWholeBytesRoundedUp(string text, long expected) =>
        Assert.Equal(expected, Quantity.Parse(text).ToBytes());

    [Theory]
    [InlineData("500m", 500L)]
    [InlineData("2", 2000L)]
    [InlineData("0.25", 250L)]
    [InlineData("100u", 1L)]
    public void ToMilli_CpuQuantity_ReturnsMillicores(string text, long expected) =>
        Assert.Equal(expected, Quantity.Parse(text).ToMilli());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Mi", "must start with a number")]
    [InlineData("64MB", "unknown suffix \"MB\"")]
    [InlineData("64 Mi", "unknown suffix \" Mi\"")]
    [InlineData("1.2.3", "unknown suffix \".3\"")]
    [InlineData("1e", "unknown suffix \"e\"")]
    [InlineData("1e99", "out of range")]
    [InlineData("99999999999Ei", "too large")]
    public void Parse_Invalid_ThrowsWithReason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => Quantity.Parse(text));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_Negative_Throws()
    {
        var e = Assert.Throws<FormatException>(() => Quantity.Parse("-1Mi").ToBytes());

        Assert.Contains("negative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DifferentSpellingsOfSameValue_AreEqual()
    {
        Assert.Equal(Quantity.Parse("1Ki"), Quantity.Parse("1024"));
        Assert.True(Quantity.Parse("1Gi") > Quantity.Parse("1G"));
        Assert.True(Quantity.Parse("500m") < Quantity.Parse("1"));
        Assert.Equal("1Ki", Quantity.Parse("1Ki").ToString());
    }
}
