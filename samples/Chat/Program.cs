using Realtime.Samples.Chat.Hosting;

var app = ChatHost.Build(args);
await app.RunAsync();
