using Wharf.Kube.Resources;

namespace Wharf.Kube.Tests.Resources;

public sealed class SelectorTests
{
    [Fact]
    public void LabelSelector_AllOperators_FormatsKubernetesSyntax()
    {
        var selector = new LabelSelector()
            .Equal("app", "web")
            .NotEqual("tier", "cache")
            .In("env", "prod", "dev")
            .NotIn("zone", "b")
            .Exists("wharf.dev/managed")
            .DoesNotExist("legacy");

        Assert.Equal("app=web,tier!=cache,env in (dev,prod),zone notin (b),wharf.dev/managed,!legacy", selector.ToString());
    }

    [Fact]
    public void FromMatchLabels_SortsKeys()
    {
        Assert.Equal("a=1,b=2", LabelSelector.FromMatchLabels(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));
    }

    [Theory]
    [InlineData("-bad")]
    [InlineData("Bad_Prefix/x")]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData("/x")]
    public void LabelSelector_InvalidKey_Throws(string key)
    {
        Assert.Throws<ArgumentException>(() => new LabelSelector().Exists(key));
    }

    [Fact]
    public void LabelSelector_InvalidValueOrEmptySet_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LabelSelector().Equal("a", "has space"));
        Assert.Throws<ArgumentException>(() => new LabelSelector().Equal("a", new string('x', 64)));
        Assert.Throws<ArgumentException>(() => new LabelSelector().In("a"));
    }

    [Fact]
    public void FieldSelector_EscapesSpecialCharacters()
    {
        var selector = new FieldSelector().Equal("metadata.name", "a,b=c\\d").NotEqual("status.phase", "Running");

        Assert.Equal("metadata.name=a\\,b\\=c\\\\d,status.phase!=Running", selector.ToString());
    }

    [Fact]
    public void FieldSelector_InvalidField_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FieldSelector().Equal("a=b", "x"));
    }
}
