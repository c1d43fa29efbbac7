using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static JsonObject WithLabels(string json) => new() { ["metadata"] = new JsonObject { ["labels"] = JsonNode.Parse(json) } };

    [Theory]
    [InlineData("env in (a,b),tier!=x", """{"env":"b","tier":"y"}""", true)]
    [InlineData("env in (a,b),tier!=x", """{"env":"b","tier":"x"}""", false)]
    [InlineData("example.com/role=web", """{"example.com/role":"web"}""", true)]
    [InlineData("", """{}""", true)]
    [InlineData("env notin (a)", """{}""", true)]
    public void Matches_Selector_EvaluatesAllRequirements(string selector, string labels, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(WithLabels(labels)));

    [Theory]
    [InlineData("env in ()")]
    [InlineData("env in a")]
    [InlineData("bad key=x")]
    [InlineData("env=bad value!")]
    [InlineData("a,,b")]
    public void Parse_Invalid_ThrowsBadRequest(string selector) =>
        Assert.Equal(400, Assert.Throws<ApiError>(() => LabelSelector.Parse(selector)).Code);
}
