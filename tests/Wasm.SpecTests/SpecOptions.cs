namespace Wharf.Wasm.SpecTests;

/// <summary>Command-line settings of the spec-test runner.</summary>
internal sealed record SpecOptions
{
    public string? Filter { get; init; }

    public bool Verbose { get; init; }

    public string? SuiteDirectory { get; init; }

    public int MaxDetailsPerFile { get; init; } = 5;

    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public const string Usage =
        "usage: Wharf.Wasm.SpecTests [--filter <glob>] [--verbose] [--suite <dir>] [--details <n>] [--timeout <seconds>]";

    /// <summary>Parses <paramref name="args"/>; returns null (after printing why) on bad input.</summary>
    public static SpecOptions? Parse(string[] args)
    {
        var options = new SpecOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                options = args[i] switch
                {
                    "--filter" => options with { Filter = Next() },
                    "--verbose" or "-v" => options with { Verbose = true },
                    "--suite" => options with { SuiteDirectory = Next() },
                    "--details" => options with { MaxDetailsPerFile = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                    "--timeout" => options with { InvocationTimeout = TimeSpan.FromSeconds(double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)) },
                    "--help" or "-h" => throw new ArgumentException(Usage),
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(Usage);
                return null;
            }
        }

        return options;
    }
}
