using System.Diagnostics;
using k8s;
using Wharf.Kube.Resources;

namespace Wharf.Kube.Informers;

/// <summary>The list-then-watch loop (client-go's reflector).</summary>
public sealed partial class Informer<T>
{
    /// <summary>A watch open at least this long was a working connection: its end resets the backoff.</summary>
    private static readonly TimeSpan HealthyWatch = TimeSpan.FromSeconds(1);

    private async Task ReflectAsync(CancellationToken cancellationToken)
    {
        var backoff = NewBackoff();
        string? resourceVersion = null;
        var needList = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (needList)
            {
                try
                {
                    resourceVersion = await ListAllAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                    _synced.TrySetResult();
                }
                catch (Exception ex) when (ex.IsApiOrTransport())
                {
                    var delay = backoff.Next();
                    Log.ListFailed(_logger, _source.Resource, delay, ex);
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            var result = await WatchOnceAsync(resourceVersion, cancellationToken).ConfigureAwait(false);
            resourceVersion = result.ResourceVersion;
            var healthy = result.Received > 0 || result.Open >= HealthyWatch;
            if (healthy)
            {
                backoff.Reset();
            }

            if (result.Gone)
            {
                // Events between our version and the server's oldest are lost: only a relist shows deletions.
                Log.WatchRelist(_logger, _source.Resource, resourceVersion);
                needList = true;
                if (healthy)
                {
                    continue;
                }
            }
            else if (result.Error is null && healthy)
            {
                continue; // The server ended the watch (timeoutSeconds): resume at once.
            }

            // Failed, or ended at once without a single event: back off rather than hammer the server.
            var wait = backoff.Next();
            Log.WatchReconnect(_logger, _source.Resource, wait, result.Error);
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists every page (following continue tokens) into the cache; returns the snapshot's resourceVersion.</summary>
    private async Task<string?> ListAllAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? resourceVersion = null;
        string? continueToken = null;
        do
        {
            var page = await _source.ListAsync(
                new ListRequest { LabelSelector = _options.LabelSelector, FieldSelector = _options.FieldSelector, Limit = _options.PageSize, Continue = continueToken },
                cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
            resourceVersion = page.ResourceVersion ?? resourceVersion;
            continueToken = page.Continue;
        }
        while (continueToken is not null);

        Replace(items, resourceVersion);
        return resourceVersion;
    }

    /// <summary>One watch request, read until the server ends it, it fails, or it reports 410.</summary>
    private async Task<WatchResult> WatchOnceAsync(string? resourceVersion, CancellationToken cancellationToken)
    {
        var request = new ListRequest
        {
            Watch = true,
            ResourceVersion = resourceVersion,
            TimeoutSeconds = (int)_options.WatchTimeout.TotalSeconds,
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
        };

        // Silence longer than the server timeout plus slack means the connection died without a FIN.
        var idleTimeout = _options.WatchTimeout + TimeSpan.FromMinutes(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(idleTimeout);
        var gone = false;
        Exception? error = null;
        var received = 0;
        var opened = Stopwatch.GetTimestamp();

        // The package reports ERROR events (a Status object) and undecodable lines here, not as exceptions.
        void OnError(Exception ex)
        {
            if (ex.IsGone())
            {
                gone = true;
            }
            else
            {
                if (ex is KubernetesException { Status: { } status })
                {
                    Log.WatchErrorEvent(_logger, _source.Resource, status.Code, status.Reason);
                }

                error ??= ex;
            }

            // A server sends nothing after an error event; don't wait for it to close the stream.
            stop.Cancel();
        }

        try
        {
            await foreach (var (type, element) in _source.WatchAsync(request, OnError, stop.Token).ConfigureAwait(false))
            {
                stop.CancelAfter(idleTimeout);
                received++;
                if (type == WatchEventType.Bookmark)
                {
                    resourceVersion = BookmarkVersion(element) ?? resourceVersion;
                }
                else if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted && Decode(type, element) is { } obj)
                {
                    Apply(type, obj);
                    resourceVersion = obj.Metadata?.ResourceVersion ?? resourceVersion;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (!gone && error is null)
            {
                error = new TimeoutException($"the watch sent nothing for {idleTimeout}.");
            }
        }
        catch (Exception ex) when (ex.IsGone())
        {
            gone = true; // The watch request itself was answered 410.
        }
        catch (Exception ex) when (ex.IsApiOrTransport())
        {
            // Includes the package's HttpRequestException for a watch that ended before its first event.
            error ??= ex;
        }

        return new WatchResult(resourceVersion, gone, error, received, Stopwatch.GetElapsedTime(opened));
    }

    private readonly record struct WatchResult(string? ResourceVersion, bool Gone, Exception? Error, int Received, TimeSpan Open);
}
