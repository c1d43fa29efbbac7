namespace Wharf.Kube.LeaderElection;

/// <summary>
/// Settings of a <see cref="LeaderElector"/>; defaults are client-go's (15 s / 10 s / 2 s).
/// </summary>
public sealed record LeaderElectionOptions
{
    /// <summary>Name of the coordination.k8s.io/v1 Lease.</summary>
    public required string LeaseName { get; init; }

    /// <summary>Namespace of the Lease.</summary>
    public required string Namespace { get; init; }

    /// <summary>This candidate's unique identity (e.g. the pod name).</summary>
    public required string Identity { get; init; }

    /// <summary>How long non-leaders wait after the last observed renewal before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failed renewal before it gives up leadership.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval between acquire/renew attempts.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Release the Lease when stopping so another candidate takes over at once.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(LeaseName))
        {
            errors.Add("lease name must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(Namespace))
        {
            errors.Add("namespace must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(Identity))
        {
            errors.Add("identity must not be empty.");
        }

        if (RetryPeriod <= TimeSpan.Zero)
        {
            errors.Add("retry period must be positive.");
        }

        // As in client-go: the leader must give up (RenewDeadline) before others may take over (LeaseDuration),
        // and it must get more than one jittered retry within the deadline.
        if (LeaseDuration <= RenewDeadline)
        {
            errors.Add("lease duration must be greater than the renew deadline.");
        }

        if (RenewDeadline <= RetryPeriod * 1.2)
        {
            errors.Add("renew deadline must be greater than 1.2 × retry period.");
        }

        if (LeaseDuration.TotalSeconds < 1)
        {
            errors.Add("lease duration must be at least one second (the Lease stores whole seconds).");
        }

        return errors;
    }
}
