using Dashboard.Live;

namespace Dashboard.Data;

/// <summary>
/// Whether the primary database answers, as last seen by anyone who tried: the region monitor's probe, a session
/// check, a command. Every console page shows a banner from it while the primary is unreachable. A
/// <see cref="LiveStore{T}"/>: subscribers hear only real changes of state.
/// </summary>
public sealed class PrimaryAvailability(TimeProvider time) : LiveStore<PrimaryState>(PrimaryState.Reachable, time)
{
    public void ReportReachable() => Set(PrimaryState.Reachable);

    /// <summary>Records that the primary did not answer; <see cref="PrimaryState.Since"/> keeps the first time of this outage.</summary>
    public void ReportUnreachable(string reason) => Set(new PrimaryState(false, Time.GetUtcNow(), reason));

    /// <summary>
    /// Runs a read of the primary that decides who someone is (a session, an API key) and reports what it found out:
    /// reachable when it answered; when it did not, unreachable and <see cref="PrimaryUnavailableException"/>, because
    /// "cannot check" is not "refused". The caller owns cancellation; a cancelled read is not an outage.
    /// </summary>
    public async Task<T> CheckAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            var result = await read();
            ReportReachable();
            return result;
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            var reason = DatabaseFaults.Describe(ex);
            ReportUnreachable(reason);
            throw new PrimaryUnavailableException(reason, ex);
        }
    }

    private void Set(PrimaryState state) => Update(current =>
    {
        // The same outage, perhaps for a new reason: keep when it began.
        var next = !state.IsReachable && !current.IsReachable ? state with { Since = current.Since } : state;
        return next == current ? current : next;
    });
}

/// <summary>The primary answers (<see cref="IsReachable"/>), or since when and why it does not.</summary>
public sealed record PrimaryState(bool IsReachable, DateTimeOffset? Since, string? Reason)
{
    public static readonly PrimaryState Reachable = new(true, null, null);
}
