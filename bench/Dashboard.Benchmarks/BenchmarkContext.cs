using Dashboard.TestSupport;

namespace Dashboard.Benchmarks;

/// <summary>What a benchmark runs against: the local stack's configuration and control script.</summary>
public sealed class BenchmarkContext(TestStack stack)
{
    public TestStack Stack { get; } = stack;

    /// <summary>
    /// <c>BENCH_QUICK=1</c>: a development run. Benchmarks that honour it run a tenth of their trials (<see cref="Trials"/>),
    /// and nothing is recorded in <c>docs/benchmarks.*</c>, so a number from a shortened run never stands as the result.
    /// </summary>
    public bool Quick { get; } = Environment.GetEnvironmentVariable("BENCH_QUICK") is "1" or "true";

    /// <summary>The trial count to run: <paramref name="full"/>, or a tenth of it (at least 5) in a <see cref="Quick"/> run.</summary>
    public int Trials(int full) => Quick ? Math.Min(full, Math.Max(5, full / 10)) : full;
}
