using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Kube.Resources;

namespace Wharf.Kube.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, following client-go's algorithm: a candidate takes the lease
/// when it is free or its holder has not renewed for <see cref="LeaderElectionOptions.LeaseDuration"/> (measured on
/// the local clock since the record last changed, so clock skew between nodes does not matter); the leader renews
/// every retry period and steps down if renewals fail for <see cref="LeaderElectionOptions.RenewDeadline"/>.
/// Every write is a create or a resourceVersion-guarded replace, so two candidates can never both win.
/// Unlike the package's <c>k8s.LeaderElection.LeaderElector</c>, it releases the lease when stopped
/// (<see cref="LeaderElectionOptions.ReleaseOnCancel"/>), so a successor takes over at once instead of after
/// <see cref="LeaderElectionOptions.LeaseDuration"/>. Uses the package's typed coordination.k8s.io/v1 calls.
/// </summary>
public sealed class LeaderElector
{
    private readonly IKubernetes _kube;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private string? _observedRecord;
    private long _observedAt;
    private volatile string? _leader;
    private volatile bool _isLeader;

    /// <summary>Creates an elector; throws <see cref="ArgumentException"/> listing every problem with <paramref name="options"/>.</summary>
    public LeaderElector(IKubernetes kube, LeaderElectionOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid leader election options: " + string.Join(" ", errors), nameof(options));
        }

        ArgumentNullException.ThrowIfNull(kube);
        _kube = kube;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Wharf.Kube.LeaderElection");
    }

    /// <summary>True while this candidate holds the lease.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>Identity of the last observed holder, if any.</summary>
    public string? CurrentLeader => _leader;

    /// <summary>Called (on the election loop) whenever a different holder is observed.</summary>
    public Action<string>? OnNewLeader { get; init; }

    /// <summary>
    /// Campaigns until elected, then runs <paramref name="onStartedLeading"/> with a token that is cancelled when
    /// leadership is lost or <paramref name="cancellationToken"/> fires. Returns after leadership ended (lost, or
    /// released on cancellation) and <paramref name="onStartedLeading"/> has returned; like client-go, it does not
    /// campaign again — a process that lost leadership should exit.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        if (!await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Log.BecameLeader(_logger, _options.LeaseName, _options.Identity);
        var work = Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None);
        try
        {
            await RenewLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _isLeader = false;
            await leading.CancelAsync().ConfigureAwait(false);
            Log.LostLeadership(_logger, _options.LeaseName, _options.Identity);
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The leader's work ends by cancellation.
            }

            if (_options.ReleaseOnCancel && cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Retries every RetryPeriod (jittered) until the lease is ours; false when cancelled.</summary>
    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                _isLeader = true;
                return true;
            }

            try
            {
                await Task.Delay(Jitter(_options.RetryPeriod), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Renews every RetryPeriod; returns when a renewal could not succeed within RenewDeadline, or on cancellation.</summary>
    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        var lastRenew = _time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.RetryPeriod, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var remaining = _options.RenewDeadline - _time.GetElapsedTime(lastRenew);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            if (await TryAcquireOrRenewAsync(deadline.Token).ConfigureAwait(false))
            {
                lastRenew = _time.GetTimestamp();
            }
            else if (_time.GetElapsedTime(lastRenew) >= _options.RenewDeadline || _leader != _options.Identity)
            {
                return; // Deadline passed, or someone else holds the lease now.
            }
        }
    }

    /// <summary>One attempt: create the lease, renew it, or take it over if expired. Never throws except on cancellation.</summary>
    internal async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = _time.GetUtcNow().UtcDateTime;
            var lease = await TryReadAsync(cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                var created = new V1Lease
                {
                    ApiVersion = V1Lease.KubeGroup + "/" + V1Lease.KubeApiVersion,
                    Kind = V1Lease.KubeKind,
                    Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.Namespace },
                    Spec = NewSpec(now, transitions: 0, acquireTime: now),
                };
                Observe(await _kube.CoordinationV1.CreateNamespacedLeaseAsync(created, _options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false));
                return true;
            }

            Observe(lease);
            var spec = lease.Spec ?? new V1LeaseSpec();
            var holder = spec.HolderIdentity;
            var ours = holder == _options.Identity;
            var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)_options.LeaseDuration.TotalSeconds);
            if (!ours && !string.IsNullOrEmpty(holder) && _time.GetElapsedTime(_observedAt) < duration)
            {
                return false; // Held by someone else and not expired.
            }

            var transitions = spec.LeaseTransitions ?? 0;
            lease.Spec = ours
                ? NewSpec(now, transitions, spec.AcquireTime ?? now)
                : NewSpec(now, transitions + 1, now);

            // Replace carries metadata.resourceVersion: if another candidate wrote first we get 409 and lose this round.
            Observe(await ReplaceAsync(lease, cancellationToken).ConfigureAwait(false));
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception ex) when (ex.IsApiOrTransport())
        {
            // 409 on create/replace means another candidate won this round.
            Log.LeaseAttemptFailed(_logger, _options.LeaseName, ex);
            return false;
        }
    }

    private V1LeaseSpec NewSpec(DateTime now, int transitions, DateTime acquireTime) => new()
    {
        HolderIdentity = _options.Identity,
        LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
        AcquireTime = acquireTime,
        RenewTime = now,
        LeaseTransitions = transitions,
    };

    /// <summary>Remembers when the lease record last changed, on our clock (client-go's observedTime).</summary>
    private void Observe(V1Lease lease)
    {
        var spec = lease.Spec;
        var record = $"{spec?.HolderIdentity}|{spec?.RenewTime?.Ticks}|{spec?.AcquireTime?.Ticks}|{spec?.LeaseTransitions}";
        if (record != _observedRecord)
        {
            _observedRecord = record;
            _observedAt = _time.GetTimestamp();
        }

        var holder = spec?.HolderIdentity;
        if (!string.IsNullOrEmpty(holder) && holder != _leader)
        {
            _leader = holder;
            Log.NewLeader(_logger, _options.LeaseName, holder);
            OnNewLeader?.Invoke(holder);
        }
    }

    /// <summary>Gives the lease up (empty holder, 1 s duration) so a successor need not wait for expiry.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RenewDeadline);
        try
        {
            var lease = await TryReadAsync(timeout.Token).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            var now = _time.GetUtcNow().UtcDateTime;
            lease.Spec = new V1LeaseSpec
            {
                HolderIdentity = null,
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = lease.Spec.LeaseTransitions,
            };
            await ReplaceAsync(lease, timeout.Token).ConfigureAwait(false);
            Log.Released(_logger, _options.LeaseName, _options.Identity);
        }
        catch (Exception ex) when (ex.IsApiOrTransport() || ex is OperationCanceledException)
        {
            Log.LeaseAttemptFailed(_logger, _options.LeaseName, ex);
        }
    }

    private async Task<V1Lease?> TryReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _kube.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>A PUT carrying the read <c>metadata.resourceVersion</c>: a concurrent writer makes it fail with 409.</summary>
    private Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        lease.ApiVersion ??= V1Lease.KubeGroup + "/" + V1Lease.KubeApiVersion;
        lease.Kind ??= V1Lease.KubeKind;
        return _kube.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.Namespace, cancellationToken: cancellationToken);
    }

    private static TimeSpan Jitter(TimeSpan period) => period * (1 + (Random.Shared.NextDouble() * 0.2));
}
