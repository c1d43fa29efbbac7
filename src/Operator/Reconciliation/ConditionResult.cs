using Wharf.Api;

namespace Wharf.Operator.Reconciliation;

/// <summary>The outcome of one check, as it will appear in a condition: status, machine reason, human message.</summary>
internal sealed record ConditionResult(string Status, string Reason, string Message)
{
    public bool IsTrue => Status == "True";

    public static ConditionResult True(string reason, string message) => new("True", reason, message);

    public static ConditionResult False(string reason, string message) => new("False", reason, message);

    public static ConditionResult Unknown(string reason, string message) => new("Unknown", reason, message);
}

/// <summary>Condition list helpers following the metav1.Condition conventions.</summary>
internal static class Conditions
{
    /// <summary>
    /// A condition of <paramref name="type"/> from <paramref name="result"/>; keeps the previous
    /// <c>lastTransitionTime</c> unless the status changed, so an unchanged outcome yields an identical condition.
    /// </summary>
    public static Condition Build(string type, ConditionResult result, long? generation, IEnumerable<Condition>? previous, DateTimeOffset now)
    {
        var old = previous?.FirstOrDefault(c => c.Type == type);
        return new Condition
        {
            Type = type,
            Status = result.Status,
            ObservedGeneration = generation,
            LastTransitionTime = old is not null && old.Status == result.Status && old.LastTransitionTime is { } t ? t : Truncate(now),
            Reason = result.Reason,
            Message = Limit(result.Message),
        };
    }

    /// <summary>Finds a condition by type.</summary>
    public static Condition? Find(IEnumerable<Condition>? conditions, string type) => conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>metav1.Time has second precision; truncating keeps equality stable across a round trip.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The CRD caps messages at 32768 characters.</summary>
    private static string Limit(string message) => message.Length <= 32_768 ? message : message[..32_765] + "...";
}
