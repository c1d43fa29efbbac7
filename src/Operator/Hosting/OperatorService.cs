using k8s;
using Wharf.Kube.LeaderElection;
using Wharf.Operator.Controllers;
using Wharf.Operator.Diagnostics;
using Wharf.Operator.Options;

namespace Wharf.Operator.Hosting;

/// <summary>
/// Runs the informers from start-up (a standby replica keeps warm caches for a fast fail-over), then campaigns for
/// the leader Lease and runs the controller while leading. Losing the lease stops the process, as client-go does:
/// a clean restart is the safe way to rejoin the election.
/// </summary>
internal sealed class OperatorService(
    IKubernetes kube, OperatorCaches caches, TenantController controller, OperatorOptions options, OperatorHealth health,
    OperatorMetrics metrics, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory, ILogger<OperatorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Starting(logger, options.Identity, options.Namespace, options.LeaderElection, options.NodeRuntimeImage);
        var informers = caches.RunAsync(stoppingToken);
        try
        {
            await caches.WaitForSyncAsync(stoppingToken).ConfigureAwait(false);
            health.MarkSynced();
            Log.CachesSynced(logger, "workers, kvnamespaces, workerquotas, daemonsets, configmaps, services");
            if (!options.LeaderElection)
            {
                health.SetLeading(true);
                metrics.SetLeader(true);
                await controller.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            else
            {
                var (renew, retry) = options.ElectionTimings();
                var elector = new LeaderElector(kube, new LeaderElectionOptions
                {
                    LeaseName = options.LeaderElectionId,
                    Namespace = options.Namespace,
                    Identity = options.Identity,
                    LeaseDuration = options.LeaseDuration,
                    RenewDeadline = renew,
                    RetryPeriod = retry,
                }, loggerFactory: loggerFactory);
                await elector.RunAsync(
                    async leading =>
                    {
                        health.SetLeading(true);
                        metrics.SetLeader(true);
                        try
                        {
                            await controller.RunAsync(leading).ConfigureAwait(false);
                        }
                        finally
                        {
                            health.SetLeading(false);
                            metrics.SetLeader(false);
                        }
                    },
                    stoppingToken).ConfigureAwait(false);
                if (!stoppingToken.IsCancellationRequested)
                {
                    Log.LeadershipLost(logger);
                    lifetime.StopApplication();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (Exception ex)
        {
            Log.ControllerCrashed(logger, ex);
            health.MarkFaulted(ex.Message);
            throw;
        }

        controller.Queue.ShutDown();
        await informers.ConfigureAwait(false);
    }
}
