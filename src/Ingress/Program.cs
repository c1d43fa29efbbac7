using Wharf.Ingress.Hosting;
using Wharf.Ingress.Options;

// Flags (or WHARF_ environment variables): see IngressOptionsReader.
var config = new ConfigurationBuilder().AddEnvironmentVariables("WHARF_").AddCommandLine(args).Build();
IngressOptions options;
try
{
    options = IngressOptionsReader.Read(config);
    options.ThrowIfInvalid();
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync("wharf-ingress: " + ex.Message);
    return 2;
}

await using var host = IngressHost.Build(options);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
await host.RunAsync(stop.Token);
return 0;
