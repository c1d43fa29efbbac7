namespace Wharf.NodeRuntime.Hosting;

/// <summary>
/// Runs guest code on a dedicated thread with a known, large stack: compiled wasm frames are CLR frames, so the
/// engine's call-depth limit must trap before the thread's stack overflows (which would end the process).
/// A dedicated thread also keeps long-running guests off the thread pool.
/// </summary>
internal static class GuestThread
{
    public static Task<T> Run<T>(Func<T> work, int stackBytes, string name)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(
            () =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            },
            stackBytes)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }
}
