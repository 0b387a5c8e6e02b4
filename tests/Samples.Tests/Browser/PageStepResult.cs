namespace Realtime.Samples.Tests.Browser;

/// <summary>How one <see cref="PageStep"/> went.</summary>
/// <param name="Name">The step's name.</param>
/// <param name="Values">What a <c>read</c> step read; null for other steps.</param>
/// <param name="Error">Why the step failed, or null.</param>
/// <param name="Ms">How long it took.</param>
public sealed record PageStepResult(string Name, IReadOnlyList<string?>? Values, string? Error, long Ms);
