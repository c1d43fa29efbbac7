namespace Wharf.Kube.Fake;

/// <summary>
/// A column of server-side Table output, as in a CRD's <c>additionalPrinterColumns</c>
/// (<see href="https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#additional-printer-columns"/>).
/// </summary>
/// <param name="Name">Column header.</param>
/// <param name="Type">OpenAPI type: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>date</c>.</param>
/// <param name="JsonPath">A simple JSONPath into the object, e.g. <c>.spec.module.runtime</c>.</param>
/// <param name="Description">Column description.</param>
/// <param name="Priority">0 for the default view, higher for <c>-o wide</c>.</param>
/// <param name="Format">OpenAPI format, e.g. <c>name</c> for the name column.</param>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description, int Priority, string Format = "");
