namespace Wharf.Operator.Reconciliation;

/// <summary>Machine-readable condition reasons. <see cref="Terminal"/> lists those that need a user's change.</summary>
internal static class Reasons
{
    public const string Serving = "Serving";
    public const string NoNodes = "NoNodes";
    public const string RuntimeNotReady = "RuntimeNotReady";
    public const string WithinQuota = "WithinQuota";
    public const string NoQuota = "NoQuota";
    public const string QuotaExceeded = "QuotaExceeded";
    public const string EgressNotAllowed = "EgressNotAllowed";
    public const string InvalidSpec = "InvalidSpec";
    public const string BindingNotFound = "BindingNotFound";
    public const string Resolved = "Resolved";
    public const string Pinned = "Pinned";
    public const string NotAttempted = "NotAttempted";
    public const string NotRequired = "NotRequired";
    public const string VerificationNotImplemented = "VerificationNotImplemented";
    public const string Published = "Published";
    public const string DataDeletionFailed = "DataDeletionFailed";
    public const string Valid = "Valid";
    public const string Ignored = "Ignored";

    /// <summary>Reasons that will not heal without a change to the object, its quota or its credentials (Argo CD: Degraded).</summary>
    public static readonly IReadOnlySet<string> Terminal = new HashSet<string>(StringComparer.Ordinal)
    {
        QuotaExceeded, EgressNotAllowed, InvalidSpec, VerificationNotImplemented,
        "InvalidReference", "ManifestNotFound", "Unauthorized", "PullSecretNotFound", "PullSecretInvalid", "BadResponse",
    };
}
