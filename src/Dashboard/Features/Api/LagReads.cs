using Dashboard.Features.Auth;
using Dashboard.Features.Lag;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Features.Api;

/// <summary>Replica lag over the API: the live store the Lag page shows, and the per-minute history it charts.</summary>
public static class LagReads
{
    /// <summary>The longest history range one request may ask for (the retention is 7 days by default).</summary>
    public static readonly TimeSpan MaxHistoryRange = TimeSpan.FromDays(7);

    public static RouteGroupBuilder MapLagReads(this RouteGroupBuilder api)
    {
        api.MapGet("/lag", GetLagAsync).WithName("GetLag").WithTags("Lag")
            .WithSummary("Every replica's latest lag sample (lags null when unknown, never 0).");
        api.MapGet("/lag/history", GetLagHistoryAsync).WithName("GetLagHistory").WithTags("Lag")
            .WithSummary("Per-minute heartbeat lag of every replica in [from, to) (at most 7 days; default the last hour).")
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<Ok<LagNowDto>> GetLagAsync(ICurrentActor current, LagStore store, CancellationToken ct)
    {
        (await current.GetAsync(ct)).Demand(Permission.ReadAll);
        var now = store.Current;
        return TypedResults.Ok(new LagNowDto(now.At,
            [.. now.Latest.Select(s => new ReplicaLagDto(s.Region, ApiWords.Of(s.State), s.HeartbeatLagMs, s.ReplayLagMs, s.ByteLag, s.Problem, s.At))]));
    }

    private static async Task<Results<Ok<LagHistoryDto>, ValidationProblem>> GetLagHistoryAsync(
        DateTimeOffset? from, DateTimeOffset? to, ICurrentActor current, ILagMinuteHistory history, TimeProvider time, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        actor.Demand(Permission.ReadAll);
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - TimeSpan.FromHours(1);
        if (start >= end)
        {
            return ApiProblems.Invalid(nameof(from), "from must be before to.");
        }
        if (end - start > MaxHistoryRange)
        {
            return ApiProblems.Invalid(nameof(to), $"A range is at most {MaxHistoryRange.TotalDays:0} days.");
        }
        var series = await history.ReadAsync(start, end, ct);
        return TypedResults.Ok(new LagHistoryDto(start, end,
            [.. series.Select(s => new LagHistorySeriesDto(s.Region, [.. s.Minutes.Select(m => new LagMinuteDto(m.Minute, m.MinMs, m.MeanMs, m.MaxMs, m.P95Ms, m.Samples, m.Unknown))]))]));
    }
}
