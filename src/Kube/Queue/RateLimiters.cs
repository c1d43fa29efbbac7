namespace Wharf.Kube.Queue;

/// <summary>Decides how long an item waits before it is re-queued (client-go's workqueue.RateLimiter).</summary>
/// <typeparam name="T">The item type.</typeparam>
public interface IRateLimiter<in T>
{
    /// <summary>Delay before <paramref name="item"/> may be processed again; counts one failure.</summary>
    TimeSpan When(T item);

    /// <summary>Stops tracking <paramref name="item"/> (call after it was processed successfully).</summary>
    void Forget(T item);

    /// <summary>How many times <paramref name="item"/> was rate-limited since it was last forgotten.</summary>
    int NumRequeues(T item);
}

/// <summary>Per-item exponential backoff: base·2ⁿ⁻¹ for the n-th failure, capped.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class ExponentialFailureRateLimiter<T> : IRateLimiter<T>
    where T : notnull
{
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Dictionary<T, int> _failures = [];
    private readonly Lock _gate = new();

    /// <summary>Creates the limiter; client-go's default is 5 ms doubling up to 1000 s.</summary>
    public ExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (baseDelay <= TimeSpan.Zero || maxDelay < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), "base delay must be positive and not exceed the max delay.");
        }

        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    /// <inheritdoc />
    public TimeSpan When(T item)
    {
        int n;
        lock (_gate)
        {
            n = _failures.GetValueOrDefault(item);
            _failures[item] = n + 1;
        }

        var ms = _baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(n, 62));
        return ms >= _maxDelay.TotalMilliseconds ? _maxDelay : TimeSpan.FromMilliseconds(ms);
    }

    /// <inheritdoc />
    public void Forget(T item)
    {
        lock (_gate)
        {
            _failures.Remove(item);
        }
    }

    /// <inheritdoc />
    public int NumRequeues(T item)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(item);
        }
    }
}

/// <summary>
/// Overall token bucket shared by all items: <c>burst</c> immediate requeues, then one per 1/qps.
/// Each call reserves a token, so the returned delays space requeues out.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class TokenBucketRateLimiter<T> : IRateLimiter<T>
{
    private readonly double _qps;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _last;

    /// <summary>Creates the limiter; client-go's default is 10 qps with a burst of 100.</summary>
    public TokenBucketRateLimiter(double qps, int burst, TimeProvider? timeProvider = null)
    {
        if (qps <= 0 || burst <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(qps), "qps and burst must be positive.");
        }

        _qps = qps;
        _burst = burst;
        _tokens = burst;
        _time = timeProvider ?? TimeProvider.System;
        _last = _time.GetTimestamp();
    }

    /// <inheritdoc />
    public TimeSpan When(T item)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _qps));
            _last = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }

    /// <inheritdoc />
    public void Forget(T item)
    {
    }

    /// <inheritdoc />
    public int NumRequeues(T item) => 0;
}

/// <summary>The longest delay of several limiters (client-go's MaxOfRateLimiter).</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class MaxOfRateLimiter<T>(params IRateLimiter<T>[] limiters) : IRateLimiter<T>
    where T : notnull
{
    /// <summary>
    /// client-go's default controller limiter: per-item 5 ms·2ⁿ up to 1000 s, and overall 10 qps with burst 100.
    /// </summary>
    public static MaxOfRateLimiter<T> CreateDefault() => new(
        new ExponentialFailureRateLimiter<T>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
        new TokenBucketRateLimiter<T>(10, 100));

    /// <inheritdoc />
    public TimeSpan When(T item)
    {
        var max = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var d = limiter.When(item);
            max = d > max ? d : max;
        }

        return max;
    }

    /// <inheritdoc />
    public void Forget(T item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    /// <inheritdoc />
    public int NumRequeues(T item) => limiters.Max(l => l.NumRequeues(item));
}
