using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Wharf.Cli.Tests.Dev;

/// <summary>The real <c>wharf dev</c> process: prints its address, serves, and stops cleanly on a signal.</summary>
public sealed partial class DevProcessTests
{
    [Fact]
    public async Task WharfDev_Sigterm_StopsCleanlyWithExitCodeZero()
    {
        var project = Path.Join(DevExamples.CopyToTemp("hello-js"), "hello-js");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Join(AppContext.BaseDirectory, "wharf.dll"), "dev", project, "--port", "0", "--js-runtime", DevExamples.JsRuntime })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        try
        {
            string? address = null;
            while (address is null && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                address = AddressPattern().Match(line) is { Success: true } m ? m.Groups[1].Value : null;
            }

            if (address is null)
            {
                process.Kill();
                Assert.Fail(string.Join('\n', lines) + await stderr); // stderr ends only once the process has exited
            }

            using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) })
            {
                Assert.Equal("Hello from Wharf!\n", await client.GetStringAsync(new Uri(new Uri(address!), "/hello")));
            }

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var rest = await process.StandardOutput.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "wharf dev did not stop");
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("[hello-js] GET /hello -> 200 (", rest, StringComparison.Ordinal);
            Assert.EndsWith("stopping\n", rest, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [GeneratedRegex(@"^wharf dev: serving .* on (http://\S+) ")]
    private static partial Regex AddressPattern();
}
