using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Realtime.Bench.Micro.FramingBenchmarks).Assembly).Run(args);
