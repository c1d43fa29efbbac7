using System.Text.Json;
using Wharf.Wasm;
using Wharf.Wasm.SpecTests;

// Runs the WebAssembly core spec test suite (https://github.com/WebAssembly/testsuite) against the
// engine: every top-level .wast is converted with wast2json and each command checked. Prints one line
// per script and ends with "spec: N passed, M failed, K skipped"; exits 1 when anything unexpected failed.
var options = SpecOptions.Parse(args);
if (options is null)
{
    return 2;
}

var root = SuiteLocator.FindRepositoryRoot();
var suite = SuiteLocator.FindSuite(options.SuiteDirectory, root);
if (suite is null)
{
    Console.WriteLine("spec: SKIPPED - test suite not found (set WASM_SPEC_TESTSUITE or place it at ../shared/wasm-spec-testsuite next to the repository)");
    return 0;
}

if (!WastConverter.IsAvailable())
{
    Console.Error.WriteLine($"spec: cannot run - '{WastConverter.Tool}' not found; install wabt (apt-get install -y wabt)");
    return 1;
}

var knownFailuresPath = root is not null ? Path.Combine(root, "tests", "Wasm.SpecTests", "known-failures.txt") : null;
if (knownFailuresPath is null || !File.Exists(knownFailuresPath))
{
    knownFailuresPath = Path.Combine(AppContext.BaseDirectory, "known-failures.txt");
}

KnownFailures knownFailures;
try
{
    knownFailures = KnownFailures.Load(knownFailuresPath);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var converter = new WastConverter(Path.Combine(AppContext.BaseDirectory, "spec-cache"));
var files = Directory.GetFiles(suite, "*.wast")
    .Select(Path.GetFileName)
    .Where(name => options.Filter is null || Glob.IsMatch(options.Filter, name!))
    .Order(StringComparer.Ordinal)
    .ToList();

var total = new FileResult();
using var engine = new WasmEngine();
foreach (var name in files)
{
    FileResult result;
    try
    {
        var json = converter.Convert(Path.Combine(suite, name!));
        using var document = JsonDocument.Parse(File.ReadAllBytes(json));
        knownFailures.MarkRun(name!);
        result = new ScriptRunner(engine, options, knownFailures, name!, json).Run(document.RootElement);
    }
    catch (Exception e) when (e is InvalidOperationException or JsonException or IOException)
    {
        result = new FileResult { Failed = 1 };
        result.FailureDetails.Add($"{name}: {e.Message}");
    }

    Console.WriteLine($"{name}: {result.Passed} passed, {result.Failed} failed, {result.Skipped} skipped");
    foreach (var detail in result.FailureDetails.Take(options.Verbose ? int.MaxValue : options.MaxDetailsPerFile))
    {
        Console.WriteLine($"  FAIL {detail}");
    }

    if (options.Verbose)
    {
        foreach (var detail in result.MismatchDetails)
        {
            Console.WriteLine($"  MESSAGE {detail}");
        }
    }

    total.Add(result);
}

var stale = knownFailures.StaleEntries().ToList();
foreach (var entry in stale)
{
    Console.WriteLine($"known-failures.txt {entry} no longer fails - remove it");
}

Console.WriteLine($"decode/validate: {total.DecodeValidatePassed} passed, {total.DecodeValidateFailed} failed");
Console.WriteLine($"messages: {total.MessageMismatches} differ from the spec's expected text"
    + (total.MismatchDetails.Count > 0 ? $" (first: {total.MismatchDetails[0]})" : string.Empty));
Console.WriteLine($"spec: {total.Passed} passed, {total.Failed} failed, {total.Skipped} skipped");
return total.Failed > 0 || (stale.Count > 0 && options.Filter is null) ? 1 : 0;
