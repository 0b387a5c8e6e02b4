using System.Diagnostics;
using System.Text.Json;
using Realtime.LoadTest.Measuring;
using Realtime.LoadTest.Wire;

namespace Realtime.LoadTest.Scenarios;

/// <summary>
/// <c>--mode recovery</c>: per round, a subscriber notes its position and drops its connection, a publisher
/// publishes <c>--missed</c> messages, and the subscriber reconnects and resumes with <c>since</c>. Latency
/// is the time from sending the resuming <c>subscribe</c> to holding the last missed publication. The
/// channel's namespace must keep at least <c>--missed</c> publications of history.
/// </summary>
internal sealed class Recovery(LoadOptions options, Counters counters, ServerProcess? server)
{
    public async Task<RunReport> RunAsync(CancellationToken cancellationToken)
    {
        var url = options.Urls[0];
        await using var publisher = await ProtocolClient.ConnectAsync(options.PublishUrl ?? url, cancellationToken);
        var channel = $"\"channel\":\"{options.ChannelName}\"";
        var payload = JsonSerializer.Serialize(new string('x', options.Payload));
        var window = Measure.Start(server, counters);
        for (var round = 0; round < options.Rounds; round++)
        {
            JsonElement position;
            await using (var before = await ProtocolClient.ConnectAsync(url, cancellationToken))
            {
                position = await before.RequestOkAsync($"\"op\":\"subscribe\",{channel}", cancellationToken);
            }

            var epoch = position.GetProperty("epoch").GetString();
            var offset = position.GetProperty("offset").GetInt64();

            // Pipelined: the outage lasts as long as publishing the missed messages takes.
            await Task.WhenAll(Enumerable.Range(0, options.Missed).Select(_ =>
                publisher.RequestOkAsync($"\"op\":\"publish\",{channel},\"data\":{payload}", cancellationToken)));
            Interlocked.Add(ref counters.Sent, options.Missed);

            await using var after = await ProtocolClient.ConnectAsync(url, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var resumed = await after.RequestOkAsync($"\"op\":\"subscribe\",{channel},\"since\":{{\"epoch\":\"{epoch}\",\"offset\":{offset}}}", cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var publications = resumed.GetProperty("publications");
            var recovered = resumed.GetProperty("recovered").GetBoolean();
            var count = publications.GetArrayLength();
            if (!recovered || count != options.Missed || publications[count - 1].GetProperty("offset").GetInt64() != offset + options.Missed)
            {
                Interlocked.Increment(ref counters.Errors);
                Console.Error.WriteLine($"round {round}: recovered {recovered}, {count} of {options.Missed} publications");
                continue;
            }

            Interlocked.Add(ref counters.Delivered, count);
            counters.Latency.Record(elapsed.TotalMicroseconds);
        }

        counters.Connected = 2;
        return RunReport.From(options, counters, window.Stop(), TimeSpan.Zero);
    }
}
