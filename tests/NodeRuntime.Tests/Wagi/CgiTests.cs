using System.Text;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Wagi;

namespace Wharf.NodeRuntime.Tests.Wagi;

public class CgiTests
{
    private static WorkerResponse? Parse(string output, out string? error) => CgiResponseParser.Parse(Encoding.UTF8.GetBytes(output), out error);

    [Fact]
    public void Parse_ContentTypeAndBody_Is200()
    {
        var response = Parse("Content-Type: text/html\nX-A: 1\n\n<p>hi</p>", out _);
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal([new("content-type", "text/html"), new("x-a", "1")], response.Headers);
        Assert.Equal("<p>hi</p>", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void Parse_CrLfAndStatus_UsesStatusCode()
    {
        var response = Parse("Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nnope", out _);
        Assert.Equal(404, response!.Status);
        Assert.Equal("nope", Encoding.UTF8.GetString(response.Body.Span));
        Assert.DoesNotContain(response.Headers, h => h.Key == "status");
    }

    [Fact]
    public void Parse_LocationOnly_Is302()
    {
        var response = Parse("Location: https://example.com/\n\n", out _);
        Assert.Equal(302, response!.Status);
        Assert.Equal(0, response.Body.Length);
    }

    [Theory]
    [InlineData("", "no output")]
    [InlineData("Content-Type: text/plain\nbody without blank line", "no empty line")]
    [InlineData("X-Only: 1\n\nbody", "none of Content-Type")]
    [InlineData("not a header\n\nbody", "malformed CGI header")]
    [InlineData("Status: abc\n\n", "invalid CGI Status")]
    [InlineData("Status: 700 Weird\n\n", "invalid CGI Status")]
    public void Parse_Malformed_ReturnsNullWithReason(string output, string reason)
    {
        Assert.Null(Parse(output, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_HasCgiVariablesAndHeaders()
    {
        var request = new IncomingRequest("POST", "http", "example.com", 8080, "HTTP/1.1", "/app/a/b", "x=1", "10.0.0.9",
            [new("user-agent", "t"), new("x-multi", "1"), new("x-multi", "2"), new("authorization", "secret"), new("content-type", "text/plain")],
            new byte[3], "/app");
        var env = CgiEnvironment.Build(request, new Dictionary<string, string> { ["VAR"] = "v", ["PATH_INFO"] = "overridden?" })
            .ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal("POST", env["REQUEST_METHOD"]);
        Assert.Equal("/app", env["SCRIPT_NAME"]);
        Assert.Equal("/a/b", env["PATH_INFO"]);
        Assert.Equal("x=1", env["QUERY_STRING"]);
        Assert.Equal("example.com", env["SERVER_NAME"]);
        Assert.Equal("8080", env["SERVER_PORT"]);
        Assert.Equal("3", env["CONTENT_LENGTH"]);
        Assert.Equal("text/plain", env["CONTENT_TYPE"]);
        Assert.Equal("http://example.com:8080/app/a/b?x=1", env["X_FULL_URL"]);
        Assert.Equal("/app", env["X_MATCHED_ROUTE"]);
        Assert.Equal("t", env["HTTP_USER_AGENT"]);
        Assert.Equal("1, 2", env["HTTP_X_MULTI"]);
        Assert.Equal("v", env["VAR"]);
        Assert.False(env.ContainsKey("HTTP_AUTHORIZATION"));
    }

    [Theory]
    [InlineData("", new[] { "w" })]
    [InlineData("a=1", new[] { "w" })]
    [InlineData("one+two%21", new[] { "w", "one", "two!" })]
    public void Args_QueryWithoutEquals_AreWords(string query, string[] expected) =>
        Assert.Equal(expected, CgiEnvironment.Args("w", query));
}
