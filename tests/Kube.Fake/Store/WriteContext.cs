namespace Wharf.Kube.Fake;

/// <summary>How unknown fields are treated (<c>fieldValidation</c> query parameter).</summary>
internal enum FieldValidation
{
    Ignore,
    Warn,
    Strict,
}

/// <summary>Per-request write settings: the field manager and unknown-field handling; collects warnings.</summary>
internal sealed class WriteContext(string manager, FieldValidation validation)
{
    public string Manager { get; } = manager;

    public FieldValidation Validation { get; } = validation;

    public List<string> Warnings { get; } = [];
}
