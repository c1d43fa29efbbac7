using Wharf.Cli;

using var stdin = Console.OpenStandardInput();
using var stdout = Console.OpenStandardOutput();
using var stderr = Console.OpenStandardError();
return CliApp.Run(args, new CliStreams(stdin, stdout, stderr, StdoutIsTerminal: !Console.IsOutputRedirected));
