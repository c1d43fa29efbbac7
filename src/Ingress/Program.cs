using System.Runtime.InteropServices;
using Wharf.Ingress.Feeds;
using Wharf.Ingress.Hosting;
using Wharf.Ingress.Options;

// Flags (or WHARF_ environment variables): --bind-address --http-port --https-port (off disables) --management-port
// --timeout-margin --health-interval --health-timeout --ejection-period --reload-delay --max-attempts --retry-after
// --tls-secret-namespace --runtime-port-name --routes-file
var config = new ConfigurationBuilder().AddEnvironmentVariables("WHARF_").AddCommandLine(args).Build();
IngressOptions options;
try
{
    options = IngressOptionsReader.Read(config);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync("wharf-ingress: " + ex.Message);
    return 2;
}

if (options.RoutesFile is null)
{
    await Console.Error.WriteLineAsync("wharf-ingress: --routes-file is required (the Kubernetes feed is not wired yet)");
    return 2;
}

await using var host = IngressHost.Build(options, services => services.AddHostedService(sp =>
    ActivatorUtilities.CreateInstance<RoutesFileFeed>(sp, options.RoutesFile)), args: args);
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
try
{
    await host.RunAsync(stop.Token);
}
catch (FormatException ex)
{
    await Console.Error.WriteLineAsync("wharf-ingress: " + ex.Message);
    return 2;
}

return 0;
