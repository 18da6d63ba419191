using Dashboard.Client.Live;
using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Lag;

/// <summary>An alert command was refused for its input (unknown alert, bad note, already acknowledged); nothing was written.</summary>
public sealed class AlertCommandException(string message) : Exception(message);

/// <summary>Acknowledges alerts: the change and its audit entry in one transaction. Singleton.</summary>
public sealed class AlertCommands(IDbContextFactory<DashboardDbContext> contexts, AuditLog audit, AlertStoreRefresher refresher, TimeProvider time) : IAlertCommands
{
    /// <summary>The note trimmed, or why it cannot be used.</summary>
    public static string ValidateNote(string? note)
    {
        var trimmed = note?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new AlertCommandException("A note is required: say what you are doing about the alert.");
        }
        if (trimmed.Length > LagAlertRow.MaxNoteLength)
        {
            throw new AlertCommandException($"The note is {trimmed.Length} characters; at most {LagAlertRow.MaxNoteLength} are kept.");
        }
        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            throw new AlertCommandException("The note contains control characters.");
        }
        return trimmed;
    }

    public async Task<AlertDto> AcknowledgeAsync(Actor actor, long alertId, string note, CancellationToken cancellationToken)
    {
        actor.Demand(Permission.AcknowledgeAlerts);
        var cleanNote = ValidateNote(note);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // FOR UPDATE: two people acknowledging at once get one acknowledgement and one clear refusal.
        var alert = await db.LagAlerts
            .FromSqlRaw($"SELECT * FROM {LagDatabase.AlertsTable} WHERE id = {{0}} FOR UPDATE", alertId)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new AlertCommandException($"There is no alert {alertId}.");
        if (alert.AcknowledgedBy is not null)
        {
            throw new AlertCommandException($"Alert {alertId} was already acknowledged by {alert.AcknowledgedBy} at {alert.AcknowledgedAt:u}.");
        }
        alert.AcknowledgedBy = actor.UserName;
        alert.AcknowledgedAt = time.GetUtcNow();
        alert.AcknowledgeNote = cleanNote;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(db, actor, AuditActions.AlertAcknowledge,
            name: alert.Region,
            type: alert.Severity.ToString(),
            before: $"alert {alert.Id}: {alert.Cause}",
            after: "acknowledged",
            reason: cleanNote,
            cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await refresher.ChangedAsync(CancellationToken.None);
        return alert.ToDto();
    }
}
