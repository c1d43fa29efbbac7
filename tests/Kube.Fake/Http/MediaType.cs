namespace Wharf.Kube.Fake;

/// <summary>
/// One media range of an <c>Accept</c> header with its parameters, e.g.
/// <c>application/json;as=Table;v=v1;g=meta.k8s.io</c>
/// (<see href="https://kubernetes.io/docs/reference/using-api/api-concepts/#alternate-representations-of-resources"/>).
/// </summary>
internal sealed record MediaType(string Type, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The <c>as</c> parameter (Table, APIGroupDiscoveryList, ...), or empty.</summary>
    public string As => Parameters.GetValueOrDefault("as", "");

    /// <summary>The <c>g</c> parameter (API group of the <see cref="As"/> kind), or empty.</summary>
    public string Group => Parameters.GetValueOrDefault("g", "");

    /// <summary>The <c>v</c> parameter (version of the <see cref="As"/> kind), or empty.</summary>
    public string Version => Parameters.GetValueOrDefault("v", "");

    /// <summary>Whether a JSON body satisfies this range (<c>application/json</c>, <c>application/*</c>, <c>*/*</c>).</summary>
    public bool AcceptsJson => Type is "application/json" or "application/*" or "*/*";

    /// <summary>The ranges of an Accept header in preference order (q=0 dropped); an absent header accepts anything.</summary>
    public static IReadOnlyList<MediaType> ParseAccept(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [new MediaType("*/*", new Dictionary<string, string>())];
        }

        var ranges = new List<(MediaType Range, double Quality, int Index)>();
        foreach (var part in header.Split(','))
        {
            var pieces = part.Split(';');
            var type = pieces[0].Trim().ToLowerInvariant();
            if (type.Length == 0)
            {
                continue;
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var quality = 1.0;
            foreach (var piece in pieces.Skip(1))
            {
                var eq = piece.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                var key = piece[..eq].Trim().ToLowerInvariant();
                var value = piece[(eq + 1)..].Trim().Trim('"');
                if (key == "q")
                {
                    _ = double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out quality);
                }
                else
                {
                    parameters[key] = value;
                }
            }

            if (quality > 0)
            {
                ranges.Add((new MediaType(type, parameters), quality, ranges.Count));
            }
        }

        return [.. ranges.OrderByDescending(r => r.Quality).ThenBy(r => r.Index).Select(r => r.Range)];
    }
}
