using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Realtime.Edge.Tests.Security;

/// <summary>The logger <see cref="CapturingLoggerProvider"/> hands out.</summary>
internal sealed class CapturingLogger(ConcurrentQueue<CapturedLogEntry> entries) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            entries.Enqueue(new CapturedLogEntry(eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
