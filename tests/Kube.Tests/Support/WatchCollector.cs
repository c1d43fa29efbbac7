using System.Threading.Channels;
using Wharf.Kube.Watch;

namespace Wharf.Kube.Tests.Support;

/// <summary>Pumps a watch into a channel so a test can await events one by one with a timeout.</summary>
internal sealed class WatchCollector<T> : IAsyncDisposable
    where T : class
{
    private readonly Channel<WatchEvent<T>> _events = Channel.CreateUnbounded<WatchEvent<T>>();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _pump;

    public WatchCollector(Func<CancellationToken, IAsyncEnumerable<WatchEvent<T>>> watch) => _pump = PumpAsync(watch);

    public Task Completion => _pump;

    /// <summary>Next event that is not a bookmark (unless <paramref name="includeBookmarks"/>).</summary>
    public async Task<WatchEvent<T>> NextAsync(bool includeBookmarks = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            WatchEvent<T> ev;
            try
            {
                ev = await _events.Reader.ReadAsync(timeout.Token);
            }
            catch (ChannelClosedException) when (_pump.IsFaulted)
            {
                throw _pump.Exception!.InnerException!;
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no watch event within 10 s");
            }

            if (includeBookmarks || ev.Type != WatchEventType.Bookmark)
            {
                return ev;
            }
        }
    }

    /// <summary>True when no non-bookmark event is pending.</summary>
    public bool NothingPending()
    {
        while (_events.Reader.TryPeek(out var ev) && ev.Type == WatchEventType.Bookmark)
        {
            _events.Reader.TryRead(out _);
        }

        return !_events.Reader.TryPeek(out _);
    }

    public void Cancel() => _cts.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            await _pump;
        }
        catch (Exception)
        {
            // The test already observed (or deliberately ignored) how the watch ended.
        }

        _cts.Dispose();
    }

    private async Task PumpAsync(Func<CancellationToken, IAsyncEnumerable<WatchEvent<T>>> watch)
    {
        await Task.Yield();
        try
        {
            await foreach (var ev in watch(_cts.Token))
            {
                await _events.Writer.WriteAsync(ev);
            }

            _events.Writer.Complete();
        }
        catch (Exception ex)
        {
            _events.Writer.Complete(ex);
            throw;
        }
    }
}
