using Wharf.Kube.Config;
using Wharf.Operator.Hosting;
using Wharf.Operator.Options;

// Flags: --node-runtime-image=IMAGE [--namespace=NS] [--leader-elect=true|false] [--leader-election-id=NAME]
//        [--listen=http://0.0.0.0:8081] [--redis-url=URL] [--registry-plain-http=host:port,...]
//        [--registry-credentials-secret=NAME] [--concurrency=N] [--url-scheme=https] [--roll-on-config-change=false]
//        [--kubeconfig=PATH]
var config = new ConfigurationBuilder().AddEnvironmentVariables("WHARF_").AddCommandLine(args).Build();
OperatorOptions options;
try
{
    options = OptionsReader.Read(config, out var listenUrl);
    var kube = config["kubeconfig"] is { } path
        ? KubernetesConfiguration.FromKubeConfig(path: path)
        : KubernetesConfiguration.Default();
    await using var app = OperatorApp.Build(options, kube, listenUrl);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or KubernetesConfigException)
{
    await Console.Error.WriteLineAsync("wharf-operator: " + ex.Message);
    return 2;
}
