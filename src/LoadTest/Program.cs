using Realtime.LoadTest;
using Realtime.LoadTest.Scenarios;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("usage: --url URL [--url URL...] [--mode realtime|broadcast|echo|idle|presence|recovery] [--framing sockjs|raw] [--transport websocket|xhr_streaming|xhr|mix] [--token-secret S [--token-audience A] [--token-issuer I] [--token-caps 'PATTERN=op,op'] [--token-ttl 1h]] [--connections N] [--ramp N/s] [--channels N] [--publish-rate N/s] [--payload BYTES] [--duration 20s] [--warmup 2s] [--publish-url URL] [--server-pid PID] [--json FILE] [--max-p99 MS] [--max-loss RATIO] [--channel NAME] [--missed N] [--rounds N] [--quiet]");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var report = await new Runner(options).RunAsync(cancel.Token);
Console.WriteLine(report.ToText());
if (options.JsonFile is not null)
{
    await File.WriteAllTextAsync(options.JsonFile, report.ToJson());
}

var gate = report.GateFailure(options);
if (gate is not null)
{
    Console.Error.WriteLine(gate);
    return 1;
}

return 0;
