using Microsoft.Extensions.Logging;
using Wharf.NodeRuntime.Hosting;

namespace Wharf.Cli.Dev;

/// <summary>
/// What <c>wharf dev</c> prints: one line per request, worker console output prefixed with the worker name,
/// load results and errors. Lines from concurrent requests never interleave.
/// </summary>
internal sealed class DevConsole(TextWriter output) : IWorkerLog
{
    private readonly Lock _lock = new();

    public void Info(string message) => Line(message);

    public void Error(string message) => Line($"error: {message}");

    public void Request(string worker, string method, string pathAndQuery, int status, double milliseconds) =>
        Line($"[{worker}] {method} {pathAndQuery} -> {status} ({milliseconds:F1} ms)");

    /// <inheritdoc />
    public void Write(string worker, WorkerLogLevel level, string message) => Line(level switch
    {
        WorkerLogLevel.Warn => $"[{worker}] warn: {message}",
        WorkerLogLevel.Error => $"[{worker}] error: {message}",
        WorkerLogLevel.Debug => $"[{worker}] debug: {message}",
        _ => $"[{worker}] {message}",
    });

    private void Line(string text)
    {
        lock (_lock)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }
}

/// <summary>Prints the host's own warnings and errors (failed requests with their error id, rejected bodies);
/// its information messages are replaced by <see cref="DevConsole"/>'s request lines.</summary>
internal sealed class DevHostLogger(DevConsole console) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            var message = formatter(state, exception);
            if (logLevel >= LogLevel.Error)
            {
                console.Error(message);
            }
            else
            {
                console.Info($"warning: {message}");
            }
        }
    }
}
