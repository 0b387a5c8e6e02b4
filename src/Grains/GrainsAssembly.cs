namespace Realtime.Grains;

/// <summary>Anchors the grain assembly for silo configuration (<c>typeof(GrainsAssembly).Assembly</c>).</summary>
public static class GrainsAssembly
{
}
