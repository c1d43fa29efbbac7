using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Wharf.Kube.Http;
using Wharf.Kube.Models;
using Wharf.Kube.Watch;

namespace Wharf.Kube.Resources;

/// <summary>Watch: a resumable event stream over reconnects, bookmarks and 410 relists.</summary>
public sealed partial class ResourceClient<T>
{
    /// <summary>
    /// Watches the collection until <paramref name="cancellationToken"/> fires (then throws
    /// <see cref="OperationCanceledException"/>). Starting from <paramref name="resourceVersion"/> (or, when null, with
    /// synthetic Added events for the current state), it requests bookmarks, resumes from the last seen
    /// resourceVersion after drops and server timeouts (reconnecting with jittered exponential backoff that resets
    /// on success), and when that version has expired (410 Gone) lists again and yields one
    /// <see cref="WatchEventType.Relist"/> event with the full state before continuing.
    /// Bad requests (400, 422) are thrown; other failures are retried.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(
        string? @namespace = null,
        ListOptions? options = null,
        string? resourceVersion = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var logger = _client.LoggerFactory.CreateLogger("Wharf.Kube.Watch");
        var backoff = new Backoff(_client.Options.WatchBackoffInitial, _client.Options.WatchBackoffMax);
        var basePath = CollectionPath(@namespace, forList: true);
        var rv = string.IsNullOrEmpty(resourceVersion) ? null : resourceVersion;
        var serverTimeout = options?.TimeoutSeconds ?? (int)_client.Options.WatchTimeout.TotalSeconds;

        // Silence longer than the server timeout plus slack means the connection is dead without a FIN.
        var idleTimeout = TimeSpan.FromSeconds(serverTimeout) + TimeSpan.FromMinutes(1);

        var expired = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception? failure = null;
            HttpResponseMessage? response = null;

            // While a relist is owed (a previous attempt failed) don't watch: that would hide deletions.
            if (!expired)
            {
                try
                {
                    var path = new QueryString(basePath)
                        .Add("watch", "true")
                        .Add("allowWatchBookmarks", "true")
                        .Add("resourceVersion", rv)
                        .Add("timeoutSeconds", serverTimeout)
                        .Add("labelSelector", string.IsNullOrEmpty(options?.LabelSelector) ? null : options.LabelSelector)
                        .Add("fieldSelector", string.IsNullOrEmpty(options?.FieldSelector) ? null : options.FieldSelector)
                        .ToString();
                    response = await _client.SendAsync(HttpMethod.Get, path, null, streaming: true, cancellationToken).ConfigureAwait(false);
                }
                catch (KubernetesGoneException)
                {
                    expired = true;
                }
                catch (KubernetesApiException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
                {
                    throw;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or KubernetesApiException or TimeoutException)
                {
                    failure = ex;
                }
            }

            if (response is not null)
            {
                using (response)
                {
                    var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    var reader = new WatchStreamReader(stream);
                    await using (reader.ConfigureAwait(false))
                    {
                        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        var opened = Environment.TickCount64;
                        var received = 0;
                        while (true)
                        {
                            RawWatchEvent? raw;
                            idle.CancelAfter(idleTimeout);
                            try
                            {
                                raw = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
                            }
                            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                            {
                                failure = new TimeoutException($"watch sent nothing for {idleTimeout}.");
                                break;
                            }
                            catch (Exception ex) when (ex is IOException or HttpRequestException)
                            {
                                failure = ex;
                                break;
                            }

                            if (raw is null)
                            {
                                // A server timeout ends the stream after a while: resume at once. A stream that ends at
                                // once without any event means something is wrong; back off rather than hot-loop.
                                if (received == 0 && Environment.TickCount64 - opened < 1000)
                                {
                                    failure = new IOException("the server closed the watch immediately.");
                                }

                                break;
                            }

                            received++;

                            var ev = Decode(raw);
                            if (ev.Type == WatchEventType.Error)
                            {
                                if (ev.Status?.Code == (int)HttpStatusCode.Gone || ev.Status?.Reason is "Expired" or "Gone")
                                {
                                    expired = true;
                                    break;
                                }

                                Log.WatchErrorEvent(logger, basePath, ev.Status?.Code, ev.Status?.Reason);
                                failure = new KubernetesApiException((HttpStatusCode)(ev.Status?.Code ?? 500), ev.Status);
                                yield return ev;
                                break;
                            }

                            rv = ev.ResourceVersion ?? rv;
                            backoff.Reset();
                            yield return ev;
                        }
                    }
                }
            }

            if (expired)
            {
                Log.WatchRelist(logger, basePath, rv);
                KubernetesList<T>? list = null;
                try
                {
                    list = await ListAllAsync(@namespace, new ListOptions { LabelSelector = options?.LabelSelector, FieldSelector = options?.FieldSelector }, cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or KubernetesApiException or TimeoutException)
                {
                    // Keep 'expired' set: watching without a relist would hide deletions that happened meanwhile.
                    failure = ex;
                }

                if (list is not null)
                {
                    expired = false;
                    rv = list.Metadata.ResourceVersion;
                    backoff.Reset();
                    yield return new WatchEvent<T>(WatchEventType.Relist, rv, items: [.. list.Items]);
                    continue;
                }
            }

            if (failure is not null)
            {
                var delay = backoff.Next();
                Log.WatchReconnect(logger, basePath, delay, failure);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private WatchEvent<T> Decode(RawWatchEvent raw)
    {
        try
        {
            switch (raw.Type)
            {
                case "ADDED":
                case "MODIFIED":
                case "DELETED":
                    var obj = raw.Object.Deserialize(_typeInfo) ?? throw new JsonException("null object");
                    StampTypeMeta(obj);
                    var type = raw.Type switch { "ADDED" => WatchEventType.Added, "MODIFIED" => WatchEventType.Modified, _ => WatchEventType.Deleted };
                    return new WatchEvent<T>(type, obj.Metadata?.ResourceVersion, obj);
                case "BOOKMARK":
                    // A bookmark carries only metadata.resourceVersion; don't force it through the typed model.
                    string? rv = null;
                    if (raw.Object.ValueKind == JsonValueKind.Object &&
                        raw.Object.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object &&
                        meta.TryGetProperty("resourceVersion", out var v))
                    {
                        rv = v.GetString();
                    }

                    return new WatchEvent<T>(WatchEventType.Bookmark, rv);
                case "ERROR":
                    var status = raw.Object.ValueKind == JsonValueKind.Object ? raw.Object.Deserialize(KubeJsonContext.Default.Status) : null;
                    return new WatchEvent<T>(WatchEventType.Error, null, status: status);
                default:
                    throw new JsonException($"unknown watch event type '{raw.Type}'");
            }
        }
        catch (JsonException ex)
        {
            // Surface undecodable events as errors so the caller sees them, then reconnect.
            return new WatchEvent<T>(WatchEventType.Error, null, status: new Status { Code = 500, Reason = "InternalError", Message = ex.Message });
        }
    }
}
