namespace Wharf.Api.Validation;

/// <summary>One problem with an object: the field path (e.g. <c>spec.limits.memory</c>) and what is wrong.</summary>
/// <param name="Field">Field path in the object.</param>
/// <param name="Message">Human-readable description.</param>
public sealed record FieldViolation(string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Message}";
}
