using System.Globalization;

namespace Realtime.Bench.LoadGen;

/// <summary>Command-line options of a run.</summary>
public sealed class LoadGenOptions
{
    /// <summary>Usage text printed on a bad command line.</summary>
    public const string Usage =
        "usage: loadgen broadcast|echo|idle --url http://127.0.0.1:PORT/prefix [--framing sockjs|raw]\n" +
        "  [--connections N] [--ramp N/s] [--rate N/s] [--payload BYTES] [--duration 20s] [--warmup 3s]\n" +
        "  [--server-pid PID] [--clk-tck N] [--warm-connections N] [--marginal-to N] [--settle-max 30s] [--ready-file FILE]\n" +
        "  [--connect-timeout 10s] [--json FILE]\n" +
        "  idle holds for --duration, or until SIGINT/SIGTERM when --duration is 0.";

    public Mode Mode { get; private set; }

    public Uri Url { get; private set; } = null!;

    public Framing Framing { get; private set; } = Framing.SockJs;

    public int Connections { get; private set; } = 100;

    public double RampPerSecond { get; private set; } = 500;

    public double RatePerSecond { get; private set; } = 20;

    public int PayloadBytes { get; private set; } = 64;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(20);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(3);

    public int? ServerPid { get; private set; }

    public int ClockTicksPerSecond { get; private set; } = 100;

    public int WarmConnections { get; private set; } = 100;

    /// <summary>Idle: after measuring at <see cref="Connections"/>, open more up to this total and measure the marginal RSS.</summary>
    public int MarginalTo { get; private set; }

    public TimeSpan SettleMax { get; private set; } = TimeSpan.FromSeconds(30);

    public string? ReadyFile { get; private set; }

    public TimeSpan ConnectTimeout { get; private set; } = TimeSpan.FromSeconds(10);

    public string? JsonFile { get; private set; }

    /// <summary>Parses <c>MODE --key value ...</c>; throws <see cref="ArgumentException"/> on anything wrong.</summary>
    public static LoadGenOptions Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("missing mode");
        }

        var o = new LoadGenOptions { Mode = Enum.Parse<Mode>(args[0], ignoreCase: true) };
        for (var i = 1; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            o.Set(args[i], value);
        }

        if (o.Url is null)
        {
            throw new ArgumentException("--url is required");
        }

        if (o.Connections < 1 || o.RampPerSecond <= 0 || o.RatePerSecond <= 0)
        {
            throw new ArgumentException("--connections, --ramp and --rate must be positive");
        }

        o.PayloadBytes = Math.Max(o.PayloadBytes, Payload.MinimumSize);
        return o;
    }

    private void Set(string key, string value)
    {
        switch (key)
        {
            case "--url": Url = new Uri(value); break;
            case "--framing": Framing = Enum.Parse<Framing>(value, ignoreCase: true); break;
            case "--connections": Connections = Int(value); break;
            case "--ramp": RampPerSecond = PerSecond(value); break;
            case "--rate": RatePerSecond = PerSecond(value); break;
            case "--payload": PayloadBytes = Int(value); break;
            case "--duration": Duration = Time(value); break;
            case "--warmup": Warmup = Time(value); break;
            case "--server-pid": ServerPid = Int(value); break;
            case "--clk-tck": ClockTicksPerSecond = Int(value); break;
            case "--warm-connections": WarmConnections = Int(value); break;
            case "--marginal-to": MarginalTo = Int(value); break;
            case "--settle-max": SettleMax = Time(value); break;
            case "--ready-file": ReadyFile = value; break;
            case "--connect-timeout": ConnectTimeout = Time(value); break;
            case "--json": JsonFile = value; break;
            default: throw new ArgumentException($"unknown option {key}");
        }
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static double PerSecond(string value) =>
        double.Parse(value.EndsWith("/s", StringComparison.Ordinal) ? value[..^2] : value, CultureInfo.InvariantCulture);

    private static TimeSpan Time(string value)
    {
        if (value.EndsWith("ms", StringComparison.Ordinal))
        {
            return TimeSpan.FromMilliseconds(double.Parse(value[..^2], CultureInfo.InvariantCulture));
        }

        if (value.EndsWith('m'))
        {
            return TimeSpan.FromMinutes(double.Parse(value[..^1], CultureInfo.InvariantCulture));
        }

        return TimeSpan.FromSeconds(double.Parse(value.TrimEnd('s'), CultureInfo.InvariantCulture));
    }
}
