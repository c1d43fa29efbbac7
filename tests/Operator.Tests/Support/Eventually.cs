namespace Wharf.Operator.Tests.Support;

/// <summary>Polling with a timeout: convergence is waited for, never slept for.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Polls <paramref name="probe"/> until it returns a non-null value; throws naming <paramref name="what"/> and the last observation.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null, Func<string>? describe = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                last = ex;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}. {describe?.Invoke()} {last?.Message}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string>? describe = null) =>
        await GetAsync<object>(async () => await condition() ? new object() : null, what, timeout, describe);
}
