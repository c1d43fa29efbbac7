using Microsoft.Extensions.Logging;

namespace Wharf.Kube.LeaderElection;

/// <summary>Log messages of leader election.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Leader election {Lease}: {Identity} became leader")]
    public static partial void BecameLeader(ILogger logger, string lease, string identity);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Leader election {Lease}: {Identity} stopped leading")]
    public static partial void LostLeadership(ILogger logger, string lease, string identity);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Leader election {Lease}: attempt failed")]
    public static partial void LeaseAttemptFailed(ILogger logger, string lease, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Leader election {Lease}: new leader {Leader}")]
    public static partial void NewLeader(ILogger logger, string lease, string leader);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Leader election {Lease}: {Identity} released the lease")]
    public static partial void Released(ILogger logger, string lease, string identity);
}
