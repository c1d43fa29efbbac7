namespace Wharf.NodeRuntime.Hosting;

/// <summary>The HTTP answer to one request, produced by the worker or by the host on its behalf.</summary>
internal sealed record WorkerResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body)
{
    public const string ErrorIdHeader = "x-wharf-error-id";

    /// <summary>A host-generated plain-text answer.</summary>
    public static WorkerResponse Text(int status, string text, string? errorId = null)
    {
        var headers = new List<KeyValuePair<string, string>> { new("content-type", "text/plain; charset=utf-8") };
        if (errorId is not null)
        {
            headers.Add(new(ErrorIdHeader, errorId));
        }

        return new WorkerResponse(status, headers, System.Text.Encoding.UTF8.GetBytes(text + "\n"));
    }
}
