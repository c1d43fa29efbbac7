using System.Net;

// Usage: Wharf.Bench.IngressBackend PORT — serves GET /readyz and "hello\n" on every other path, on 127.0.0.1:PORT.
var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
var app = builder.Build();
app.MapGet("/readyz", () => "ok");
app.Map("/{**path}", () => "hello\n");
app.Run();
