using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

/// <summary>Reads a watch response line by line with a deadline per event.</summary>
internal sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<WatchStream> OpenAsync(HttpClient http, string pathAndQuery)
    {
        var response = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return new WatchStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event (type, object), or null when the stream ended.</summary>
    public async Task<(string Type, JsonObject Object)?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var line = await _reader.ReadLineAsync(cts.Token);
        if (line is null)
        {
            return null;
        }

        var e = JsonNode.Parse(line)!;
        return ((string)e["type"]!, (JsonObject)e["object"]!);
    }

    /// <summary>The next event that is not a BOOKMARK.</summary>
    public async Task<(string Type, JsonObject Object)> NextChangeAsync()
    {
        while (true)
        {
            var e = await NextAsync() ?? throw new InvalidOperationException("watch ended");
            if (e.Type != "BOOKMARK")
            {
                return e;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
