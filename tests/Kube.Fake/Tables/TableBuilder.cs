using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// Server-side printing: objects as a <c>meta.k8s.io/v1</c> <c>Table</c>
/// (<see href="https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables"/>),
/// with a CRD's <c>additionalPrinterColumns</c> or the built-in columns of <see cref="BuiltInColumns"/>.
/// </summary>
internal static class TableBuilder
{
    /// <summary>Builds the table; <paramref name="includeObject"/> is <c>None</c>, <c>Object</c> or <c>PartialObjectMetadata</c>.</summary>
    public static JsonObject Build(FakeResource resource, IEnumerable<JsonObject> objects, JsonObject listMetadata, string? includeObject, string tableVersion, DateTimeOffset now)
    {
        var columns = Columns(resource);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray([.. columns.Select(c => Cell(c, obj, now))]);
            var row = new JsonObject { ["cells"] = cells };
            row["object"] = includeObject switch
            {
                "None" => null,
                "Object" => obj.DeepClone(),
                _ => PartialObjectMetadata(obj, tableVersion),
            };
            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = $"meta.k8s.io/{tableVersion}",
            ["metadata"] = listMetadata,
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Column.Name,
                ["type"] = c.Column.Type == "date" ? "string" : c.Column.Type,
                ["format"] = c.Column.Format,
                ["description"] = c.Column.Description,
                ["priority"] = c.Column.Priority,
            })]),
            ["rows"] = rows,
        };
    }

    private static JsonObject PartialObjectMetadata(JsonObject obj, string tableVersion) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = $"meta.k8s.io/{tableVersion}",
        ["metadata"] = obj["metadata"]?.DeepClone(),
    };

    private static IReadOnlyList<TableColumn> Columns(FakeResource resource) =>
        resource.PrinterColumns is { } declared
            ? [.. declared.Select(c => new TableColumn(c, null))]
            : BuiltInColumns.For(resource);

    private static JsonNode? Cell(TableColumn column, JsonObject obj, DateTimeOffset now)
    {
        if (column.Compute is { } compute)
        {
            return compute(obj, now);
        }

        List<JsonNode> found;
        try
        {
            found = SimpleJsonPath.Evaluate(obj, column.Column.JsonPath);
        }
        catch (FormatException)
        {
            return null;
        }

        if (found.Count == 0)
        {
            return null;
        }

        var first = found[0];
        return column.Column.Type switch
        {
            "date" => DateTimeOffset.TryParse(SimpleJsonPath.Text(first), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? HumanDuration(now - at) : null,
            "integer" or "number" or "boolean" when first is JsonValue => first.DeepClone(),
            _ => string.Join(",", found.Select(SimpleJsonPath.Text)),
        };
    }

    /// <summary>Age as Kubernetes prints it (<c>k8s.io/apimachinery/pkg/util/duration.HumanDuration</c>).</summary>
    public static string HumanDuration(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(-1))
        {
            return "<invalid>";
        }

        if (d < TimeSpan.Zero)
        {
            return "0s";
        }

        var seconds = (long)d.TotalSeconds;
        var minutes = (long)d.TotalMinutes;
        var hours = (long)d.TotalHours;
        var c = CultureInfo.InvariantCulture;
        return seconds < 120 ? string.Format(c, "{0}s", seconds)
            : minutes < 10 ? (seconds % 60 == 0 ? string.Format(c, "{0}m", minutes) : string.Format(c, "{0}m{1}s", minutes, seconds % 60))
            : minutes < 180 ? string.Format(c, "{0}m", minutes)
            : hours < 8 ? (minutes % 60 == 0 ? string.Format(c, "{0}h", hours) : string.Format(c, "{0}h{1}m", hours, minutes % 60))
            : hours < 48 ? string.Format(c, "{0}h", hours)
            : hours < 192 ? (hours % 24 == 0 ? string.Format(c, "{0}d", hours / 24) : string.Format(c, "{0}d{1}h", hours / 24, hours % 24))
            : hours < 24 * 365 * 2 ? string.Format(c, "{0}d", hours / 24)
            : hours < 24 * 365 * 8 ? (hours / 24 % 365 == 0 ? string.Format(c, "{0}y", hours / 24 / 365) : string.Format(c, "{0}y{1}d", hours / 24 / 365, hours / 24 % 365))
            : string.Format(c, "{0}y", hours / 24 / 365);
    }
}

/// <summary>A column and, for built-in printers that are not a plain JSONPath, how its cell is computed.</summary>
internal sealed record TableColumn(PrinterColumn Column, Func<JsonObject, DateTimeOffset, JsonNode?>? Compute);
