using Dashboard.TestSupport;

namespace Dashboard.Benchmarks;

/// <summary>What a benchmark runs against: the local stack's configuration and control script.</summary>
public sealed class BenchmarkContext(TestStack stack)
{
    public TestStack Stack { get; } = stack;
}
