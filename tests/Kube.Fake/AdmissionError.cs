namespace Wharf.Kube.Fake;

/// <summary>An error returned by <see cref="FakeKubeServerOptions.Admission"/>.</summary>
/// <param name="Field">Field path, e.g. <c>spec.bindings.vars[0].name</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record AdmissionError(string Field, string Message);
