namespace Wharf.Oci.Tests.Support;

/// <summary>A fact needing the real registry; reported as skipped, with the reason, when it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RegistryFactAttribute : FactAttribute
{
    public RegistryFactAttribute()
    {
        if (!RegistryServer.Available)
        {
            Skip = RegistryServer.SkipReason;
        }
    }
}

/// <summary>A theory needing the real registry; skipped with the reason when it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RegistryTheoryAttribute : TheoryAttribute
{
    public RegistryTheoryAttribute()
    {
        if (!RegistryServer.Available)
        {
            Skip = RegistryServer.SkipReason;
        }
    }
}
