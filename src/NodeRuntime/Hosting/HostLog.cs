namespace Wharf.NodeRuntime.Hosting;

/// <summary>The host's structured log messages.</summary>
internal static partial class HostLog
{
    [LoggerMessage(1, LogLevel.Information, "{Method} {Path} -> {Status} in {DurationMs:F1} ms ({Worker})")]
    public static partial void Request(ILogger logger, string method, string path, int status, double durationMs, string worker);

    [LoggerMessage(2, LogLevel.Error, "worker {Worker}: request failed with error id {ErrorId}: {Reason}")]
    public static partial void WorkerFailed(ILogger logger, string worker, string errorId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "worker {Worker}: {Reason}")]
    public static partial void WorkerRejected(ILogger logger, string worker, string reason);

    [LoggerMessage(4, LogLevel.Information, "loaded worker {Worker} ({Kind}) in {DurationMs:F1} ms, routes: {Routes}")]
    public static partial void WorkerLoaded(ILogger logger, string worker, WorkerKind kind, double durationMs, string routes);

    [LoggerMessage(10, LogLevel.Debug, "[{Worker}] {Message}")]
    public static partial void ConsoleDebug(ILogger logger, string worker, string message);

    [LoggerMessage(11, LogLevel.Information, "[{Worker}] {Message}")]
    public static partial void ConsoleInfo(ILogger logger, string worker, string message);

    [LoggerMessage(12, LogLevel.Warning, "[{Worker}] {Message}")]
    public static partial void ConsoleWarn(ILogger logger, string worker, string message);

    [LoggerMessage(13, LogLevel.Error, "[{Worker}] {Message}")]
    public static partial void ConsoleError(ILogger logger, string worker, string message);
}

/// <summary>Writes worker console output to an <see cref="ILogger"/> (category <c>Wharf.Worker</c>).</summary>
public sealed class LoggerWorkerLog(ILogger logger) : IWorkerLog
{
    /// <inheritdoc />
    public void Write(string worker, WorkerLogLevel level, string message)
    {
        switch (level)
        {
            case WorkerLogLevel.Debug:
                HostLog.ConsoleDebug(logger, worker, message);
                break;
            case WorkerLogLevel.Warn:
                HostLog.ConsoleWarn(logger, worker, message);
                break;
            case WorkerLogLevel.Error:
                HostLog.ConsoleError(logger, worker, message);
                break;
            default:
                HostLog.ConsoleInfo(logger, worker, message);
                break;
        }
    }
}
