using System.Globalization;

namespace Realtime.LoadTest;

/// <summary>Command-line options of the load tool.</summary>
internal sealed class LoadOptions
{
    /// <summary>
    /// <c>realtime</c> (client protocol), <c>broadcast</c> (SockJS or raw broadcast service), <c>echo</c>, <c>idle</c>,
    /// <c>presence</c> (join/leave churn on <c>--channel</c>) or <c>recovery</c> (resume after <c>--missed</c> publications).
    /// </summary>
    public string Mode { get; private set; } = "realtime";

    /// <summary>Service URLs (several spread connections over edges).</summary>
    public List<string> Urls { get; } = [];

    /// <summary><c>sockjs</c> (o/a/h/c frames) or <c>raw</c> (plain text frames).</summary>
    public string Framing { get; private set; } = "sockjs";

    /// <summary><c>websocket</c>, <c>xhr_streaming</c>, <c>xhr</c> or <c>mix</c> (connection i gets the (i mod 3)-th of the three).</summary>
    public string Transport { get; private set; } = "websocket";

    /// <summary>HS256 secret: when set, every connection connects with its own signed token (user <c>load-&lt;i&gt;</c>).</summary>
    public string? TokenSecret { get; private set; }

    public string? TokenAudience { get; private set; }

    public string? TokenIssuer { get; private set; }

    /// <summary>Token capabilities, <c>PATTERN=op,op;PATTERN=op</c> as the token tool's <c>--caps</c>.</summary>
    public string? TokenCaps { get; private set; }

    /// <summary>Token lifetime; the tool answers <c>refresh-required</c> with a fresh token.</summary>
    public TimeSpan TokenTtl { get; private set; } = TimeSpan.FromHours(1);

    /// <summary>The transport of connection <paramref name="index"/>.</summary>
    public string TransportOf(int index) => Transport == "mix" ? Wire.Wires.Mix[index % Wire.Wires.Mix.Length] : Transport;

    public int Connections { get; private set; } = 100;

    public double RampPerSecond { get; private set; } = 1000;

    public int Channels { get; private set; } = 1;

    public double PublishRate { get; private set; } = 10;

    public int Payload { get; private set; } = 128;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(2);

    public int? ServerPid { get; private set; }

    public string? JsonFile { get; private set; }

    /// <summary>Where the publisher connects (default: the first <c>--url</c>); lets subscribers sit on other edges.</summary>
    public string? PublishUrl { get; private set; }

    public double? MaxP99Ms { get; private set; }

    public double? MaxLoss { get; private set; }

    public bool Quiet { get; private set; }

    /// <summary>The one channel of the <c>presence</c> and <c>recovery</c> modes; its namespace must keep presence or history.</summary>
    public string ChannelName { get; private set; } = "bench:c0";

    /// <summary><c>recovery</c>: publications missed per outage.</summary>
    public int Missed { get; private set; } = 1000;

    /// <summary><c>recovery</c>: outages to measure.</summary>
    public int Rounds { get; private set; } = 20;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--mode": options.Mode = Next(); break;
                case "--url": options.Urls.Add(Next().TrimEnd('/')); break;
                case "--framing": options.Framing = Next(); break;
                case "--transport":
                    options.Transport = Next();
                    if (options.Transport is not ("websocket" or "xhr_streaming" or "xhr" or "mix"))
                    {
                        throw new ArgumentException($"--transport {options.Transport}: expected websocket, xhr_streaming, xhr or mix");
                    }

                    break;
                case "--token-secret": options.TokenSecret = Next(); break;
                case "--token-audience": options.TokenAudience = Next(); break;
                case "--token-issuer": options.TokenIssuer = Next(); break;
                case "--token-caps": options.TokenCaps = Next(); break;
                case "--token-ttl": options.TokenTtl = Span(Next()); break;
                case "--connections": options.Connections = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--ramp": options.RampPerSecond = Rate(Next()); break;
                case "--channels": options.Channels = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--publish-rate": options.PublishRate = Rate(Next()); break;
                case "--payload": options.Payload = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--duration": options.Duration = Span(Next()); break;
                case "--warmup": options.Warmup = Span(Next()); break;
                case "--server-pid": options.ServerPid = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--json": options.JsonFile = Next(); break;
                case "--publish-url": options.PublishUrl = Next().TrimEnd('/'); break;
                case "--max-p99": options.MaxP99Ms = double.Parse(Next().Replace("ms", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture); break;
                case "--max-loss": options.MaxLoss = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--quiet": options.Quiet = true; break;
                case "--channel": options.ChannelName = Next(); break;
                case "--missed": options.Missed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rounds": options.Rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (options.Urls.Count == 0)
        {
            throw new ArgumentException("--url is required");
        }

        if (options.Transport != "websocket" && options.Mode is not ("realtime" or "idle"))
        {
            throw new ArgumentException($"--transport {options.Transport} applies to --mode realtime and idle; --mode {options.Mode} speaks websocket only");
        }

        if (options.TokenSecret is null && (options.TokenAudience ?? options.TokenIssuer ?? options.TokenCaps) is not null)
        {
            throw new ArgumentException("--token-audience, --token-issuer and --token-caps need --token-secret");
        }

        if (options.Connections < 0 || options.Channels < 1 || options.RampPerSecond <= 0 || options.PublishRate < 0 || options.TokenTtl <= TimeSpan.FromSeconds(10))
        {
            throw new ArgumentException("--connections must be >= 0, --channels >= 1, --ramp > 0, --publish-rate >= 0, --token-ttl > 10s");
        }

        return options;
    }

    private static double Rate(string value) => double.Parse(value.Split('/')[0], CultureInfo.InvariantCulture);

    private static TimeSpan Span(string value) => value.EndsWith("ms", StringComparison.Ordinal)
        ? TimeSpan.FromMilliseconds(double.Parse(value[..^2], CultureInfo.InvariantCulture))
        : value.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(value[..^1], CultureInfo.InvariantCulture))
        : TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
}
