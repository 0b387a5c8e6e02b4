using Realtime.Edge.Auth;
using Realtime.Edge.Hosting;

if (args is ["token", ..])
{
    // The operators' token tool: same configuration sources as the server, so it signs with its key.
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddJsonFile($"appsettings.{Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production"}.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
    return TokenCommand.Run(args[1..], configuration, Console.Out, Console.Error);
}

var app = EdgeHost.Build(args);
await app.RunAsync();
return 0;
