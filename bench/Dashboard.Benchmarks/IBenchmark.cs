namespace Dashboard.Benchmarks;

/// <summary>One benchmark, run as <c>./bench.sh NAME</c> against the local stack.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }

    /// <summary>Runs the benchmark and returns its measurements; the caller prints and records them.</summary>
    Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}

/// <summary>One number. <paramref name="Target"/> is the goal as text (e.g. "<= 50"), or null where none is set.</summary>
public sealed record Measurement(string Metric, double Value, string Unit, string? Target = null, double? TargetValue = null, bool LowerIsBetter = true)
{
    public bool? MeetsTarget => TargetValue is { } target ? (LowerIsBetter ? Value <= target : Value >= target) : null;
}
