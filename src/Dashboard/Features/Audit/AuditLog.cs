using Dashboard.Data;
using Dashboard.Features.Auth;

namespace Dashboard.Features.Audit;

/// <summary>
/// Adds audit entries to the caller's context, so they commit or roll back with the change they describe.
/// Never saves by itself: that is the point.
/// </summary>
public sealed class AuditLog(TimeProvider time)
{
    public AuditEntry Add(DashboardDbContext db, Actor actor, string action, string? zone = null, string? name = null, string? type = null, string? before = null, string? after = null, string? reason = null)
    {
        var entry = new AuditEntry
        {
            At = time.GetUtcNow(),
            ActorId = actor.UserId,
            ActorName = actor.UserName,
            Action = action,
            Zone = zone,
            Name = name,
            Type = type,
            Before = before,
            After = after,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
