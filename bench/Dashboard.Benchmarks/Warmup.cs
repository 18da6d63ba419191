using System.Runtime;

namespace Dashboard.Benchmarks;

/// <summary>
/// Brings a freshly started .NET process to the steady state of a long-running dashboard before a benchmark measures
/// it: the measured work is repeated, in batches, until the process's JIT is quiet.
/// </summary>
/// <remarks>
/// Why: .NET compiles a method quickly first, then again, optimized, on a background thread once it has been called
/// often enough (tiered compilation, with profile-guided optimization in between). A process that has just started
/// keeps compiling for hundreds of repetitions of a request; on 2 cores that thread takes a core from the work being
/// measured. Measured on 2026-12-02: the five-region proof compiled 1,383 methods (2.3 s of JIT) during its 200 measured
/// changes after 400 warm-up changes, and went quiet only after about 600; the API's change sets over HTTP had p95
/// 117 ms after one warm-up set and 49 ms after 300. The dashboard the targets speak of runs for days, so its targets
/// are measured warm; what the first repetitions saw is reported beside them.
/// </remarks>
public static class Warmup
{
    /// <summary>A batch with at most this much JIT time counts as quiet.</summary>
    public static readonly TimeSpan QuietJit = TimeSpan.FromMilliseconds(20);

    /// <summary>How the warm-up went: batches and repetitions run, and the JIT time of the last batch.</summary>
    public sealed record Report(int Batches, int Repetitions, TimeSpan LastBatchJit, bool Quiet)
    {
        public override string ToString() =>
            $"warm-up: {Repetitions} repetitions in {Batches} batches, {(Quiet ? "until the JIT was quiet" : "JIT still busy at the limit")} (last batch {LastBatchJit.TotalMilliseconds:F0} ms of JIT)";
    }

    /// <summary>This process's JIT time so far (every thread's, exact).</summary>
    public static TimeSpan OwnJit() => JitInfo.GetCompilationTime();

    /// <summary>
    /// CPU time so far of another .NET process's tiered-compilation threads (named <c>.NET Tiered Com…</c>), from
    /// <c>/proc</c>, in 10 ms steps: where the optimizing recompiles of a warming process run. The runtime ends such a
    /// thread after a few idle seconds and starts another when there is work, so each thread's last reading is kept:
    /// read it often (<see cref="UntilJitQuietAsync"/> does, every <see cref="ReadEvery"/>), and the total only grows.
    /// </summary>
    public static Func<TimeSpan> TieredCompilerCpu(string pid)
    {
        var threads = new Dictionary<string, long>();
        return () =>
        {
            lock (threads)
            {
                try
                {
                    foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                    {
                        if (CompilerTicks(task) is { } ticks)
                        {
                            threads[task] = Math.Max(threads.GetValueOrDefault(task), ticks);
                        }
                    }
                }
                catch (DirectoryNotFoundException)
                {
                    // The process ended: what it compiled until then stays counted.
                }
                return TimeSpan.FromSeconds(threads.Values.Sum() / DashboardProcess.TicksPerSecond);
            }
        };

        static long? CompilerTicks(string task)
        {
            try
            {
                return File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered", StringComparison.Ordinal)
                    ? DashboardProcess.CpuTicks(Path.Combine(task, "stat"))
                    : null;
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
                return null;
            }
        }
    }

    /// <summary>How often <see cref="UntilJitQuietAsync"/> reads the JIT time while a batch runs.</summary>
    public static readonly TimeSpan ReadEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Runs <paramref name="batch"/> (given the batch number) until two batches in a row cost at most
    /// <see cref="QuietJit"/> of JIT time by <paramref name="jit"/>, or <paramref name="maxBatches"/> ran.
    /// </summary>
    public static async Task<Report> UntilJitQuietAsync(Func<int, Task> batch, int batchSize, Func<TimeSpan> jit, int maxBatches)
    {
        var (quietInRow, last) = (0, TimeSpan.Zero);
        for (var n = 0; n < maxBatches; n++)
        {
            var before = jit();
            var running = batch(n);
            while (!running.IsCompleted)
            {
                jit();
                await Task.WhenAny(running, Task.Delay(ReadEvery));
            }
            await running;
            last = jit() - before;
            quietInRow = last <= QuietJit ? quietInRow + 1 : 0;
            if (quietInRow == 2)
            {
                return new Report(n + 1, (n + 1) * batchSize, last, true);
            }
        }
        return new Report(maxBatches, maxBatches * batchSize, last, false);
    }
}
