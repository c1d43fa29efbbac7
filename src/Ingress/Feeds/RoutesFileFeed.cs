using Wharf.Ingress.Diagnostics;
using Wharf.Ingress.Routing;

namespace Wharf.Ingress.Feeds;

/// <summary>
/// Serves a <see cref="RoutesFile"/>: read at start (a broken file stops the process with its errors) and again
/// whenever its modification time changes (a broken edit is logged and the last good routes stay).
/// </summary>
internal sealed partial class RoutesFileFeed(string path, IngressState state, IngressHealth health, ILogger<RoutesFileFeed> logger) : BackgroundService
{
    private DateTime _loaded;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _loaded = File.GetLastWriteTimeUtc(path);
        state.Publish(RoutesFile.Parse(File.ReadAllText(path)));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var modified = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : _loaded;
            if (modified == _loaded)
            {
                continue;
            }

            _loaded = modified;
            try
            {
                state.Publish(RoutesFile.Parse(await File.ReadAllTextAsync(path, stoppingToken).ConfigureAwait(false)));
                health.SetFeedError(null);
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                LogInvalid(logger, path, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "routes file {Path} not applied, keeping the previous routes: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string path, string reason);
}
