using BenchmarkDotNet.Running;

if (args is ["memory"])
{
    Realtime.Bench.Micro.StateMemory.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Realtime.Bench.Micro.FramingBenchmarks).Assembly).Run(args);
