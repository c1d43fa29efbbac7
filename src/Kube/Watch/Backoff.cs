namespace Wharf.Kube.Watch;

/// <summary>
/// Jittered exponential backoff: the n-th delay is drawn from [d/2, d] with d = initial·2ⁿ capped at max
/// ("equal jitter"), so reconnecting clients spread out. <see cref="Reset"/> after a success.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures, 30);
        _failures++;
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    public void Reset() => _failures = 0;
}
