using System.Diagnostics;

namespace Wharf.Wasm.Runtime;

/// <summary>
/// Process-wide coarse clock for timeouts: one background thread advances <see cref="Now"/> (milliseconds)
/// and generated code compares it with the instance's deadline at function entries and loop headers.
/// This keeps the check to two loads and a compare, with no timer or thread per call.
/// </summary>
internal static class Epoch
{
    private static readonly Lock StartLock = new();
    private static Thread? _ticker;

    /// <summary>Milliseconds since the ticker started; read with <c>volatile.</c> by generated code.</summary>
    public static long Now;

    public static long Read() => Volatile.Read(ref Now);

    /// <summary>Starts the ticker on first use of a timeout.</summary>
    public static void EnsureRunning()
    {
        if (_ticker is not null)
        {
            return;
        }

        lock (StartLock)
        {
            if (_ticker is not null)
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            var thread = new Thread(() =>
            {
                while (true)
                {
                    Thread.Sleep(1);
                    Volatile.Write(ref Now, (long)clock.Elapsed.TotalMilliseconds);
                }
            })
            {
                IsBackground = true,
                Name = "wharf-wasm-epoch",
            };
            thread.Start();
            _ticker = thread;
        }
    }
}
