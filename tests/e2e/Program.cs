using Wharf.E2e;

// make e2e: the platform on one machine, from `kubectl apply` to a response. Prints one line per scenario and a final
// line `e2e: N passed, M failed`; exits non-zero on any failure; leaves no process behind (also on Ctrl+C).
//   Wharf.E2e --mode process|container [--repo DIR] [--configuration Release] [--keep]
var options = E2eOptions.Parse(args);
if (options.Errors.Count > 0)
{
    foreach (var error in options.Errors)
    {
        await Console.Error.WriteLineAsync("e2e: " + error);
    }

    return 2;
}

// Not disposed: ProcessExit (SIGTERM) may fire after Main returns.
var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => cancel.Cancel();
return await new E2eRun(options).RunAsync(cancel.Token);
