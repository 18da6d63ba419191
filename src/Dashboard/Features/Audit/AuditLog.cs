using Dashboard.Data;
using Dashboard.Features.Auth;

namespace Dashboard.Features.Audit;

/// <summary>
/// Adds audit entries to the caller's context, so they commit or roll back with the change they describe.
/// Never saves by itself: that is the point. The database sets the time, the actor's name and the chain fields.
/// </summary>
public sealed class AuditLog
{
    /// <summary>At most this many characters of reason are kept (the column's size); longer ones are refused, not cut.</summary>
    public const int MaxReasonLength = 1000;

    public AuditEntry Add(DashboardDbContext db, Actor actor, string action, string? zone = null, string? name = null, string? type = null, string? before = null, string? after = null, string? reason = null)
    {
        var entry = Create(actor, action, zone, name, type, before, after, reason);
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>An entry for a writer that inserts it itself (the change-set batch), not through the context.</summary>
    public AuditEntry Create(Actor actor, string action, string? zone = null, string? name = null, string? type = null, string? before = null, string? after = null, string? reason = null) => new()
    {
        ActorId = ActorIdOf(actor),
        ActorName = actor.UserName,
        Action = action,
        Zone = zone,
        Name = name,
        Type = type,
        Before = before,
        After = after,
        Reason = NormalizeReason(reason),
    };

    /// <summary>The actor's user id as stored (a foreign key to the users), null for the dashboard itself.</summary>
    public static string? ActorIdOf(Actor actor) => actor.UserId == Actor.System.UserId ? null : actor.UserId;

    /// <summary>Trimmed; null when empty.</summary>
    public static string? NormalizeReason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
}
