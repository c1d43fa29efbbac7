namespace Wharf.Kube.Fake;

/// <summary>A registered fault: the next <see cref="Remaining"/> matching requests fail with <see cref="StatusCode"/>.</summary>
public sealed class InjectedFault
{
    private int _remaining;
    private int _hits;

    internal InjectedFault(int count, int statusCode, Func<FakeRequest, bool> predicate, string? message)
    {
        _remaining = count;
        StatusCode = statusCode;
        Predicate = predicate;
        Message = message;
    }

    /// <summary>HTTP status code returned (410 on a watch becomes an ERROR event, as a real server sends it).</summary>
    public int StatusCode { get; }

    /// <summary>Message of the Status body, or null for a default one.</summary>
    public string? Message { get; }

    /// <summary>Failures still to inject.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    /// <summary>Failures injected so far.</summary>
    public int Hits => Volatile.Read(ref _hits);

    internal Func<FakeRequest, bool> Predicate { get; }

    internal bool TryConsume()
    {
        while (true)
        {
            var current = Volatile.Read(ref _remaining);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, current - 1, current) == current)
            {
                Interlocked.Increment(ref _hits);
                return true;
            }
        }
    }
}

/// <summary>Makes chosen requests fail, so tests can exercise retries, conflicts and relists.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<InjectedFault> _faults = [];

    /// <summary>
    /// Fails the next <paramref name="count"/> requests matching <paramref name="when"/> (all requests when null)
    /// with <paramref name="statusCode"/> and a Kubernetes Status body.
    /// </summary>
    public InjectedFault FailNext(int count, int statusCode, Func<FakeRequest, bool>? when = null, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        var fault = new InjectedFault(count, statusCode, when ?? (_ => true), message);
        lock (_gate)
        {
            _faults.Add(fault);
        }

        return fault;
    }

    /// <summary>Removes every pending fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    internal InjectedFault? TryTake(FakeRequest request)
    {
        lock (_gate)
        {
            foreach (var fault in _faults)
            {
                if (fault.Remaining > 0 && fault.Predicate(request) && fault.TryConsume())
                {
                    return fault;
                }
            }

            _faults.RemoveAll(f => f.Remaining <= 0);
            return null;
        }
    }
}
