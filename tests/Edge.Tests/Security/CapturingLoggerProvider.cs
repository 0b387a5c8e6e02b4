using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Realtime.Edge.Tests.Security;

/// <summary>Keeps every log entry at Information or above, for tests that check what an edge logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    public IReadOnlyCollection<CapturedLogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(_entries);

    public void Dispose()
    {
    }
}
