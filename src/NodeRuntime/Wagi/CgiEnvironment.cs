using System.Globalization;
using Wharf.NodeRuntime.Hosting;

namespace Wharf.NodeRuntime.Wagi;

/// <summary>The CGI environment and argv of a WAGI request (RFC 3875 §4.1 plus WAGI's X_ variables).</summary>
internal static class CgiEnvironment
{
    public static List<KeyValuePair<string, string>> Build(IncomingRequest request, IReadOnlyDictionary<string, string> vars)
    {
        var env = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in vars)
        {
            env.Add(new(name, value));
        }

        // SCRIPT_NAME is the matched route, PATH_INFO the rest of the path (WAGI's convention).
        var script = request.MatchedRoute.TrimEnd('/');
        var pathInfo = request.Path.Length >= script.Length ? request.Path[script.Length..] : request.Path;
        var contentType = request.Headers.FirstOrDefault(h => h.Key == "content-type").Value ?? "";
        Add(env, "AUTH_TYPE", "");
        Add(env, "CONTENT_LENGTH", request.Body.Length > 0 ? request.Body.Length.ToString(CultureInfo.InvariantCulture) : "0");
        Add(env, "CONTENT_TYPE", contentType);
        Add(env, "GATEWAY_INTERFACE", "CGI/1.1");
        Add(env, "PATH_INFO", pathInfo);
        Add(env, "PATH_TRANSLATED", pathInfo);
        Add(env, "QUERY_STRING", request.QueryString);
        Add(env, "REMOTE_ADDR", request.RemoteAddress);
        Add(env, "REMOTE_HOST", request.RemoteAddress);
        Add(env, "REMOTE_USER", "");
        Add(env, "REQUEST_METHOD", request.Method);
        Add(env, "SCRIPT_NAME", script);
        Add(env, "SERVER_NAME", request.ServerName);
        Add(env, "SERVER_PORT", request.ServerPort.ToString(CultureInfo.InvariantCulture));
        Add(env, "SERVER_PROTOCOL", request.Protocol);
        Add(env, "SERVER_SOFTWARE", "Wharf");
        Add(env, "X_FULL_URL", request.Url);
        Add(env, "X_MATCHED_ROUTE", request.MatchedRoute);
        Add(env, "X_RAW_PATH_INFO", pathInfo);
        foreach (var (name, value) in request.Headers)
        {
            // Credentials and framing stay out of the environment, as RFC 3875 §4.1.18 allows.
            if (name is "authorization" or "proxy-authorization" or "content-length" or "content-type" or "connection")
            {
                continue;
            }

            var key = "HTTP_" + name.ToUpperInvariant().Replace('-', '_');
            var existing = env.FindIndex(e => e.Key == key);
            if (existing >= 0)
            {
                env[existing] = new(key, env[existing].Value + ", " + value);
            }
            else
            {
                env.Add(new(key, value));
            }
        }

        return env;
    }

    /// <summary>argv: the module name, then the query's '+'-separated words when it has no '=' (RFC 3875 §4.4).</summary>
    public static List<string> Args(string worker, string query)
    {
        var args = new List<string> { worker };
        if (query.Length > 0 && !query.Contains('=', StringComparison.Ordinal))
        {
            args.AddRange(query.Split('+').Select(Uri.UnescapeDataString));
        }

        return args;
    }

    private static void Add(List<KeyValuePair<string, string>> env, string name, string value)
    {
        env.RemoveAll(e => e.Key == name);
        env.Add(new(name, value));
    }
}
