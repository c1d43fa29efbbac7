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
    public void Write(string worker, WorkerLogLevel level, string message)
    {
        if (level == WorkerLogLevel.Error)
        {
            DevErrorCapture.Current?.Add(message);
        }

        Line(level switch
        {
            WorkerLogLevel.Warn => $"[{worker}] warn: {message}",
            WorkerLogLevel.Error => $"[{worker}] error: {message}",
            WorkerLogLevel.Debug => $"[{worker}] debug: {message}",
            _ => $"[{worker}] {message}",
        });
    }

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

/// <summary>
/// The error lines a worker logged while handling the current request (e.g. a JavaScript exception and its
/// stack), so dev mode can append them to the 500 body. Flows into the host's guest thread with the
/// execution context.
/// </summary>
internal sealed class DevErrorCapture
{
    private const int MaxLines = 20;
    private static readonly AsyncLocal<DevErrorCapture?> Slot = new();
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();

    public static DevErrorCapture? Current
    {
        get => Slot.Value;
        set => Slot.Value = value;
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void Add(string line)
    {
        lock (_lock)
        {
            if (_lines.Count < MaxLines)
            {
                _lines.Add(line);
            }
        }
    }
}
