namespace Wharf.NodeRuntime.Hosting;

/// <summary>Severity of a worker log line (the ABI's <c>log</c> levels).</summary>
public enum WorkerLogLevel
{
    /// <summary>Level 0.</summary>
    Debug,

    /// <summary>Level 1; also WASI stdout.</summary>
    Info,

    /// <summary>Level 2; also WASI stderr.</summary>
    Warn,

    /// <summary>Level 3.</summary>
    Error,
}

/// <summary>Receives worker console output (ABI <c>log</c>, WASI stdout/stderr), one line per call.</summary>
public interface IWorkerLog
{
    /// <summary>Records <paramref name="message"/> from worker <paramref name="worker"/>.</summary>
    void Write(string worker, WorkerLogLevel level, string message);
}
