namespace Wharf.Kube.Queue;

/// <summary>
/// A de-duplicating, rate-limited work queue with client-go's semantics
/// (<see href="https://pkg.go.dev/k8s.io/client-go/util/workqueue"/>):
/// an item is queued at most once; an item added while it is being processed is not handed to a second worker
/// but queued again when <see cref="Done"/> is called; <see cref="AddRateLimited"/> re-queues after the
/// limiter's per-item backoff, <see cref="Forget"/> resets it; <see cref="AddAfter"/> delays an add.
/// Typical worker: <c>GetAsync</c> → reconcile → <c>Forget</c> or <c>AddRateLimited</c> → <c>Done</c>.
/// </summary>
/// <typeparam name="T">The item type, usually a <c>namespace/name</c> key.</typeparam>
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Dictionary<T, long> _waiting = [];
    private readonly IRateLimiter<T> _rateLimiter;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _shutdown = new();
    private TaskCompletionSource _signal = NewSignal();
    private bool _disposed;

    /// <summary>Creates a queue.</summary>
    /// <param name="rateLimiter">Limiter for <see cref="AddRateLimited"/>; <see cref="MaxOfRateLimiter{T}.CreateDefault"/> when null.</param>
    /// <param name="timeProvider">Clock for delayed adds (tests substitute a fake one).</param>
    public WorkQueue(IRateLimiter<T>? rateLimiter = null, TimeProvider? timeProvider = null)
    {
        _rateLimiter = rateLimiter ?? MaxOfRateLimiter<T>.CreateDefault();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Items ready to be handed out (excludes items in flight and delayed items).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>True once <see cref="ShutDown"/> was called.</summary>
    public bool IsShuttingDown => _shutdown.IsCancellationRequested;

    /// <summary>Queues <paramref name="item"/> unless it is already queued; ignored after shutdown.</summary>
    public void Add(T item)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested || !_dirty.Add(item))
            {
                return;
            }

            if (_processing.Contains(item))
            {
                return; // Re-queued by Done so that one item never runs on two workers at once.
            }

            _queue.Enqueue(item);
            wake = SwapSignal();
        }

        wake.TrySetResult();
    }

    /// <summary>Adds <paramref name="item"/> after <paramref name="delay"/>; an earlier pending delayed add of the same item wins.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }

        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        var readyAt = _time.GetUtcNow().UtcTicks + delay.Ticks;
        lock (_gate)
        {
            if (_waiting.TryGetValue(item, out var existing) && existing <= readyAt)
            {
                return;
            }

            _waiting[item] = readyAt;
        }

        _ = FireLaterAsync(item, readyAt, delay);
    }

    /// <summary>Re-queues <paramref name="item"/> after the rate limiter's delay (counts a failure).</summary>
    public void AddRateLimited(T item) => AddAfter(item, _rateLimiter.When(item));

    /// <summary>Resets the rate limiter's backoff for <paramref name="item"/>.</summary>
    public void Forget(T item) => _rateLimiter.Forget(item);

    /// <summary>Failures counted for <paramref name="item"/> since it was last forgotten.</summary>
    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);

    /// <summary>
    /// Waits for the next item and marks it in flight; call <see cref="Done"/> when finished.
    /// Returns <c>Shutdown = true</c> once the queue is shut down and drained.
    /// </summary>
    public async ValueTask<(T Item, bool Shutdown)> GetAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_queue.TryDequeue(out var item))
                {
                    _processing.Add(item);
                    _dirty.Remove(item);
                    return (item, false);
                }

                if (_shutdown.IsCancellationRequested)
                {
                    return (default!, true);
                }

                wait = _signal.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Marks <paramref name="item"/> finished; if it was added meanwhile it is queued again.</summary>
    public void Done(T item)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                _queue.Enqueue(item);
                wake = SwapSignal();
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>Stops accepting items; waiting <see cref="GetAsync"/> calls return once the queue is drained.</summary>
    public void ShutDown()
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _shutdown.Cancel();
            _waiting.Clear();
            wake = SwapSignal();
        }

        wake.TrySetResult();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ShutDown();
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _shutdown.Dispose();
            }
        }
    }

    private async Task FireLaterAsync(T item, long readyAt, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        lock (_gate)
        {
            // A later AddAfter with an earlier deadline replaced this one; that timer will add the item.
            if (!_waiting.TryGetValue(item, out var current) || current != readyAt)
            {
                return;
            }

            _waiting.Remove(item);
        }

        Add(item);
    }

    private TaskCompletionSource SwapSignal()
    {
        var old = _signal;
        _signal = NewSignal();
        return old;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
