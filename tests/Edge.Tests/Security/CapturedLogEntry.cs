using Microsoft.Extensions.Logging;

namespace Realtime.Edge.Tests.Security;

/// <summary>One log entry kept by <see cref="CapturingLoggerProvider"/>.</summary>
public sealed record CapturedLogEntry(int EventId, LogLevel Level, string Message);
