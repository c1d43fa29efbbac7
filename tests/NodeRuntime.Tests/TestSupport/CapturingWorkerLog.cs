using System.Collections.Concurrent;
using Wharf.NodeRuntime.Hosting;

namespace Wharf.NodeRuntime.Tests.TestSupport;

/// <summary>Collects worker log lines.</summary>
internal sealed class CapturingWorkerLog : IWorkerLog
{
    public ConcurrentQueue<(string Worker, WorkerLogLevel Level, string Message)> Lines { get; } = new();

    public void Write(string worker, WorkerLogLevel level, string message) => Lines.Enqueue((worker, level, message));
}
