using System.Globalization;
using Realtime.Grains;
using Realtime.Grains.State;

namespace Realtime.Bench.Micro;

/// <summary>
/// <c>dotnet run -c Release --project bench/Micro -- memory</c>: the bytes a channel grain retains per
/// presence member and per publication kept in history, measured as the growth of the managed heap after
/// a full collection while holding 100,000 of each. Strings are made fresh per item, as deserializing
/// each request makes them in the grain.
/// </summary>
internal static class StateMemory
{
    private const int Count = 100_000;

    public static void Run()
    {
        var now = DateTimeOffset.UtcNow;
        var info = "{\"name\":\"User 0000\"}";
        var members = Retained(() =>
        {
            var set = new PresenceSet();
            for (var i = 0; i < Count; i++)
            {
                var id = i.ToString("D8", CultureInfo.InvariantCulture);
                set.Join(new PresenceMember("0123456789ab." + id, "user-" + id, string.Concat(info.AsSpan(0, 10), id, "\"}"), null, "edge-host-0123456789ab"), now);
            }

            return set;
        });

        foreach (var payload in new[] { 16, 128 })
        {
            var data = "\"" + new string('x', payload - 2) + "\"";
            var publications = Retained(() =>
            {
                var ring = new PublicationRing(Count);
                for (var i = 1; i <= Count; i++)
                {
                    ring.Add(new ChannelPublication("chat:room", "0a1b2c3d4e5f", i, new string(data), "0123456789ab." + i.ToString("D8", CultureInfo.InvariantCulture), "user-1"), now);
                }

                return ring;
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per retained publication ({payload}-byte JSON data, held as a UTF-16 string of {2 * payload + 22} bytes): {publications:0} bytes"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per presence member (client id, user and info strings included, no data): {members:0} bytes"));
    }

    private static double Retained(Func<object> build)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var held = build();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        return (after - before) / (double)Count;
    }
}
