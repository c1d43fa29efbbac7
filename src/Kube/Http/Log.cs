using Microsoft.Extensions.Logging;

namespace Wharf.Kube.Http;

/// <summary>Log messages of the client. Never include tokens, certificates or object payloads.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} {Path} -> {StatusCode}")]
    public static partial void Request(ILogger logger, string method, string path, int statusCode);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Method} {Path} -> {StatusCode}; retrying after {Delay} as the server asked")]
    public static partial void RetryAfter(ILogger logger, string method, string path, int statusCode, TimeSpan delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Watch {Path} dropped; reconnecting in {Delay}")]
    public static partial void WatchReconnect(ILogger logger, string path, TimeSpan delay, Exception? exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Watch {Path}: resourceVersion {ResourceVersion} expired (410); relisting")]
    public static partial void WatchRelist(ILogger logger, string path, string? resourceVersion);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Watch {Path} returned an error event: {Code} {Reason}")]
    public static partial void WatchErrorEvent(ILogger logger, string path, int? code, string? reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Informer for {Resource}: list failed; retrying in {Delay}")]
    public static partial void InformerListFailed(ILogger logger, string resource, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Informer for {Resource}: event handler threw")]
    public static partial void InformerHandlerFailed(ILogger logger, string resource, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Leader election {Lease}: {Identity} became leader")]
    public static partial void BecameLeader(ILogger logger, string lease, string identity);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Leader election {Lease}: {Identity} lost leadership")]
    public static partial void LostLeadership(ILogger logger, string lease, string identity);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Leader election {Lease}: attempt failed")]
    public static partial void LeaseAttemptFailed(ILogger logger, string lease, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Leader election {Lease}: new leader {Leader}")]
    public static partial void NewLeader(ILogger logger, string lease, string leader);
}
