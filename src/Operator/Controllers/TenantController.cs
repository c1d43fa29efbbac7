using System.Diagnostics;
using Wharf.Kube.Queue;
using Wharf.Kube.Resources;
using Wharf.Operator.Diagnostics;
using Wharf.Operator.Options;

namespace Wharf.Operator.Controllers;

/// <summary>
/// The work loop: informer events put tenant namespaces on a de-duplicating rate-limited queue; while leading,
/// <see cref="OperatorOptions.Concurrency"/> workers take tenants off it and reconcile them. Failures and
/// not-yet-converged tenants are retried with per-tenant exponential backoff; successes reset it.
/// </summary>
internal sealed class TenantController : IDisposable
{
    internal const string Name = "tenant";

    private readonly TenantReconciler _reconciler;
    private readonly OperatorMetrics _metrics;
    private readonly ILogger _logger;
    private readonly OperatorOptions _options;

    public TenantController(TenantReconciler reconciler, OperatorCaches caches, OperatorOptions options, OperatorMetrics metrics, ILogger<TenantController> logger)
    {
        _reconciler = reconciler;
        _metrics = metrics;
        _logger = logger;
        _options = options;
        Queue = new WorkQueue<string>(new MaxOfRateLimiter<string>(
            new ExponentialFailureRateLimiter<string>(options.RetryBaseDelay, options.RetryMaxDelay),
            new TokenBucketRateLimiter<string>(50, 500)));
        metrics.TrackQueue(Name, () => Queue.Count);
        caches.Subscribe(Queue.Add);
    }

    public WorkQueue<string> Queue { get; }

    /// <summary>Processes the queue until cancelled (leadership lost or shutdown).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Log.StartedLeading(_logger, _options.Concurrency);
        var workers = Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    public void Dispose() => Queue.Dispose();

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string tenant;
            try
            {
                var (item, shutdown) = await Queue.GetAsync(cancellationToken).ConfigureAwait(false);
                if (shutdown)
                {
                    return;
                }

                tenant = item;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ProcessAsync(tenant, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(tenant);
            }
        }
    }

    private async Task ProcessAsync(string tenant, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await _reconciler.ReconcileAsync(tenant, cancellationToken).ConfigureAwait(false);
            _metrics.ObserveReconcile(Name, outcome.RetryCause is null ? "success" : "requeue", Stopwatch.GetElapsedTime(started));
            Log.Reconciled(_logger, tenant, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome.Writes);
            if (outcome.RetryCause is { } cause)
            {
                Log.RetryScheduled(_logger, tenant, cause);
                Queue.AddRateLimited(tenant);
            }
            else
            {
                Queue.Forget(tenant);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down or lost leadership: the next leader starts from the caches again.
        }
        catch (Exception ex)
        {
            var reason = ex.IsConflict() ? "conflict"
                : ex.StatusCode() is not null ? "api"
                : ex.IsApiOrTransport() ? "transport"
                : "internal";
            _metrics.ObserveReconcile(Name, "error", Stopwatch.GetElapsedTime(started));
            _metrics.CountError(Name, reason);
            var delayHint = TimeSpan.FromMilliseconds(Math.Min(_options.RetryMaxDelay.TotalMilliseconds,
                _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Queue.NumRequeues(tenant))));
            Log.ReconcileFailed(_logger, tenant, reason, delayHint, ex.Message);
            Queue.AddRateLimited(tenant);
        }
    }
}
