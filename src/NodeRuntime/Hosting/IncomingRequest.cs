using Wharf.NodeRuntime.Abi;

namespace Wharf.NodeRuntime.Hosting;

/// <summary>A routed request with its body buffered, in the terms both worker kinds need.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Scheme">http or https.</param>
/// <param name="ServerName">Host name without port.</param>
/// <param name="ServerPort">Port.</param>
/// <param name="Protocol">e.g. HTTP/1.1.</param>
/// <param name="Path">The decoded request path.</param>
/// <param name="QueryString">The raw query without '?'.</param>
/// <param name="RemoteAddress">Client address.</param>
/// <param name="Headers">Headers, names lower-cased.</param>
/// <param name="Body">The buffered body.</param>
/// <param name="MatchedRoute">The matched route's path prefix.</param>
internal sealed record IncomingRequest(
    string Method,
    string Scheme,
    string ServerName,
    int ServerPort,
    string Protocol,
    string Path,
    string QueryString,
    string RemoteAddress,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    string MatchedRoute)
{
    /// <summary>The absolute URL: <c>scheme://host[:port]/path?query</c>.</summary>
    public string Url
    {
        get
        {
            var defaultPort = (Scheme == "https" && ServerPort == 443) || (Scheme == "http" && ServerPort == 80);
            var host = ServerName.Contains(':', StringComparison.Ordinal) ? $"[{ServerName}]" : ServerName;
            var authority = defaultPort ? host : $"{host}:{ServerPort}";
            return $"{Scheme}://{authority}{Path}{(QueryString.Length > 0 ? "?" + QueryString : "")}";
        }
    }

    public WorkerRequest ToWorkerRequest() => new(Method, Url, Headers, Body);

    /// <summary>A placeholder used to link a WAGI module at load time.</summary>
    public static IncomingRequest Empty() =>
        new("GET", "http", "localhost", 80, "HTTP/1.1", "/", "", "127.0.0.1", [], ReadOnlyMemory<byte>.Empty, "/");
}
