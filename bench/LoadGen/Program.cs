using System.Runtime.InteropServices;
using Realtime.Bench.LoadGen;

LoadGenOptions options;
try
{
    options = LoadGenOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadGenOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

using var handler = new SocketsHttpHandler { ConnectTimeout = options.ConnectTimeout, UseProxy = false };
using var invoker = new HttpMessageInvoker(handler);
var result = options.Mode switch
{
    Mode.Broadcast => await new BroadcastScenario(options, invoker).RunAsync(stop.Token),
    Mode.Echo => await new EchoScenario(options, invoker).RunAsync(stop.Token),
    _ => await new IdleScenario(options, invoker).RunAsync(stop.Token),
};
result.Mode = options.Mode.ToString().ToLowerInvariant();
result.Framing = options.Framing.ToString().ToLowerInvariant();
result.Url = options.Url.ToString();
result.Connections = options.Connections;

Console.Write(result.ToText());
if (options.JsonFile is not null)
{
    await File.WriteAllTextAsync(options.JsonFile, result.ToJson());
}

return result.Connected == 0 ? 1 : 0;
