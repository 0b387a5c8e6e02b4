global using Realtime.TestKit;
