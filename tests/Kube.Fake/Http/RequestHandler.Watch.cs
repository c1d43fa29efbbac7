using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Wharf.Kube.Fake;

/// <summary>
/// Watch streams (<see href="https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes"/>):
/// newline-delimited <c>{"type","object"}</c> events, periodic BOOKMARKs, and 410 Gone as an ERROR event.
/// </summary>
internal sealed partial class RequestHandler
{
    private async Task<int> WatchAsync(HttpContext http, FakeResource resource, Route route, IQueryCollection query, Representation representation)
    {
        var labels = LabelSelector.Parse(query["labelSelector"].FirstOrDefault());
        var fields = FieldSelector.Parse(query["fieldSelector"].FirstOrDefault(), resource);
        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        TimeSpan? timeout = null;
        if (query["timeoutSeconds"].FirstOrDefault() is { } timeoutText)
        {
            timeout = int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : throw ApiError.BadRequest($"invalid timeoutSeconds \"{timeoutText}\"");
        }

        Watcher watcher;
        try
        {
            watcher = store.Watch(resource, route.Namespace, labels, fields, query["resourceVersion"].FirstOrDefault());
        }
        catch (ApiError gone) when (gone.Code == 410)
        {
            await WriteWatchErrorAsync(http, gone).ConfigureAwait(false);
            return 200;
        }

        try
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = "application/json";
            await http.Response.StartAsync(http.RequestAborted).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, watcher.Dropped.Token);
            if (timeout is { } t)
            {
                ended.CancelAfter(t);
            }

            await PumpAsync(http, resource, watcher, bookmarks, representation, ended.Token).ConfigureAwait(false);
            if (watcher.Dropped.IsCancellationRequested && watcher.AbortOnDrop)
            {
                http.Abort();
            }
        }
        finally
        {
            store.StopWatch(watcher);
        }

        return 200;
    }

    private async Task PumpAsync(HttpContext http, FakeResource resource, Watcher watcher, bool bookmarks, Representation representation, CancellationToken ended)
    {
        var reader = watcher.Queue.Reader;
        while (!ended.IsCancellationRequested)
        {
            bool ready;
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(ended))
            {
                tick.CancelAfter(options.BookmarkInterval);
                try
                {
                    ready = await reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ended.IsCancellationRequested)
                {
                    ready = false;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var wrote = false;
            while (reader.TryRead(out var message))
            {
                var shown = message.Type is "ERROR" ? message.Object : Present(message.Object, resource, representation, http, isList: false);
                await WriteEventAsync(http, message.Type, shown, ended).ConfigureAwait(false);
                wrote = true;
            }

            if (!ready && !wrote && bookmarks && store.BookmarkRevision(watcher) is { } revision)
            {
                var bookmark = new JsonObject
                {
                    ["kind"] = resource.Kind,
                    ["apiVersion"] = resource.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
                };
                await WriteEventAsync(http, "BOOKMARK", bookmark, ended).ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteEventAsync(HttpContext http, string type, JsonObject obj, CancellationToken cancellation)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";
        try
        {
            await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellation).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The connection is going away; the caller's loop ends on the same token.
        }
    }

    private static async Task WriteWatchErrorAsync(HttpContext http, ApiError error)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        var line = new JsonObject { ["type"] = "ERROR", ["object"] = error.ToStatus() }.ToJsonString() + "\n";
        await http.Response.WriteAsync(line, http.RequestAborted).ConfigureAwait(false);
    }
}
