using Microsoft.Extensions.Logging;

namespace Wharf.Kube.Informers;

/// <summary>Log messages of the informer. Never include object payloads (Secrets are informed too).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Informer for {Resource}: watch failed; reconnecting in {Delay}")]
    public static partial void WatchReconnect(ILogger logger, string resource, TimeSpan delay, Exception? exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Informer for {Resource}: resourceVersion {ResourceVersion} expired (410); relisting")]
    public static partial void WatchRelist(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Informer for {Resource}: watch error event {Code} {Reason}")]
    public static partial void WatchErrorEvent(ILogger logger, string resource, int? code, string? reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Informer for {Resource}: list failed; retrying in {Delay}")]
    public static partial void ListFailed(ILogger logger, string resource, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Informer for {Resource}: event handler threw")]
    public static partial void HandlerFailed(ILogger logger, string resource, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Informer for {Resource}: skipped an undecodable {EventType} event")]
    public static partial void UndecodableEvent(ILogger logger, string resource, string eventType, Exception exception);
}
