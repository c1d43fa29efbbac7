using System.Globalization;
using System.Text;
using Wharf.NodeRuntime.Abi;
using Wharf.NodeRuntime.Hosting;

namespace Wharf.NodeRuntime.Wagi;

/// <summary>Parses a CGI program's output (RFC 3875 §6): header lines, an empty line, the body.</summary>
internal static class CgiResponseParser
{
    private const int MaxHeaderBytes = 64 * 1024;

    /// <summary>The response, or null with <paramref name="error"/> explaining why the output is not valid CGI.</summary>
    public static WorkerResponse? Parse(ReadOnlyMemory<byte> output, out string? error)
    {
        var span = output.Span;
        var end = -1;
        var bodyStart = -1;
        for (var i = 0; i < span.Length && i < MaxHeaderBytes; i++)
        {
            if (span[i] != '\n')
            {
                continue;
            }

            if (i + 1 < span.Length && span[i + 1] == '\n')
            {
                end = i;
                bodyStart = i + 2;
                break;
            }

            if (i + 2 < span.Length && span[i + 1] == '\r' && span[i + 2] == '\n')
            {
                end = i;
                bodyStart = i + 3;
                break;
            }
        }

        if (end < 0)
        {
            error = span.Length == 0 ? "the program wrote no output" : "no empty line after the CGI headers";
            return null;
        }

        string text;
        try
        {
            text = GuestMemory.StrictUtf8.GetString(span[..end]);
        }
        catch (DecoderFallbackException)
        {
            error = "CGI headers are not valid UTF-8";
            return null;
        }

        int? status = null;
        var hasContentType = false;
        var hasLocation = false;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !HeaderBlock.IsValidName(line[..colon]))
            {
                error = $"malformed CGI header line \"{Truncate(line)}\"";
                return null;
            }

            var name = line[..colon].ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (!HeaderBlock.IsValidValue(value))
            {
                error = $"invalid value of CGI header {name}";
                return null;
            }

            switch (name)
            {
                case "status":
                    var code = value.Split(' ', 2)[0];
                    if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s is < 100 or > 599)
                    {
                        error = $"invalid CGI Status \"{Truncate(value)}\"";
                        return null;
                    }

                    status = s;
                    continue;
                case "content-type":
                    hasContentType = true;
                    break;
                case "location":
                    hasLocation = true;
                    break;
                case "content-length" or "transfer-encoding" or "connection":
                    continue;
            }

            headers.Add(new(name, value));
        }

        if (!hasContentType && !hasLocation && status is null)
        {
            error = "the CGI headers contain none of Content-Type, Location or Status";
            return null;
        }

        error = null;
        return new WorkerResponse(status ?? (hasLocation ? 302 : 200), headers, output[bodyStart..]);
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
