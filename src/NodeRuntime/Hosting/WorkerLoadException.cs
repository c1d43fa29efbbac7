namespace Wharf.NodeRuntime.Hosting;

/// <summary>A worker could not be loaded; the message names the worker and the cause.</summary>
public sealed class WorkerLoadException : Exception
{
    /// <summary>Creates the error for worker <paramref name="worker"/>.</summary>
    public WorkerLoadException(string worker, string message, Exception? inner = null)
        : base($"worker '{worker}': {message}", inner)
    {
        Worker = worker;
    }

    /// <summary>The worker's name.</summary>
    public string Worker { get; }
}
