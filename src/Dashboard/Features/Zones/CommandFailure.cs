using Dashboard.Data;
using Dashboard.Features.Auth;

namespace Dashboard.Features.Zones;

/// <summary>
/// A zone command that threw, in the operator's words: what was and was not written, and what to do next. Used by the
/// change-set panel (apply) and the Zones page (create, delete): every write goes through one <c>ZoneWrite</c>, so
/// the same three cases cover them all. Everything after COMMIT reports per region instead of throwing, so any other
/// failure came before it and wrote nothing.
/// </summary>
public static class CommandFailure
{
    /// <param name="command">The command, as the sentence needs it: "the apply", "creating the zone".</param>
    /// <param name="what">What the command writes, as the sentence needs it: "the change set", "the zone".</param>
    /// <param name="kept">What the operator keeps for another try ("Your staged changes are kept."), or null.</param>
    /// <param name="retry">What to do once the primary is back ("Apply again once it is back.").</param>
    public static string Describe(Exception ex, string command, string what, string? kept, string retry, ILogger logger, string zone)
    {
        var keptText = kept is null ? "" : $" {kept}";
        switch (ex)
        {
            case AccessDeniedException or NotSignedInException:
                return $"{ex.Message} Nothing was written.";
            case CommitInDoubtException inDoubt:
                logger.LogError(ex, "{Zone}: COMMIT outcome unknown", zone);
                return $"The connection to the primary database broke during COMMIT ({inDoubt.Reason}), so {what} may or may not have been written.{keptText} Reload the zone to see which before trying again.";
            case var _ when DatabaseFaults.IsUnavailable(ex):
                logger.LogWarning("{Zone}: refused, the primary database is unreachable: {Reason}", zone, DatabaseFaults.Describe(ex));
                return $"Nothing was written: the primary database is unreachable ({DatabaseFaults.Describe(ex)}).{keptText} {retry}";
            default:
                logger.LogError(ex, "{Zone}: command failed", zone);
                return $"Nothing was written: {command} failed before COMMIT ({ex.GetType().Name}: {ex.Message}).{keptText}";
        }
    }
}
