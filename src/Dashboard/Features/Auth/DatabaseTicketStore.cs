using System.Security.Claims;
using System.Security.Cryptography;
using Dashboard.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Auth;

/// <summary>
/// Keeps authentication tickets in <c>dashboard.auth_sessions</c> instead of in the cookie. Sessions survive a restart
/// (a wallboard stays signed in), and removing a row ends that session everywhere. Singleton.
/// </summary>
public sealed class DatabaseTicketStore(IDbContextFactory<DashboardDbContext> contexts, TimeProvider time) : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var db = await contexts.CreateDbContextAsync();
        db.AuthSessions.Add(new AuthSession
        {
            Id = id,
            UserId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            Ticket = TicketSerializer.Default.Serialize(ticket),
            ExpiresAt = ticket.Properties.ExpiresUtc,
            LastSeenAt = time.GetUtcNow(),
        });
        // Expired sessions are swept whenever someone signs in: the table never grows without bound.
        await db.AuthSessions.Where(s => s.ExpiresAt < time.GetUtcNow()).ExecuteDeleteAsync();
        await db.SaveChangesAsync();
        return id;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var bytes = TicketSerializer.Default.Serialize(ticket);
        var now = time.GetUtcNow();
        await db.AuthSessions.Where(s => s.Id == key).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Ticket, bytes)
            .SetProperty(x => x.ExpiresAt, ticket.Properties.ExpiresUtc)
            .SetProperty(x => x.LastSeenAt, now));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var session = await db.AuthSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == key);
        if (session is null || session.ExpiresAt < time.GetUtcNow())
        {
            return null;
        }
        return TicketSerializer.Default.Deserialize(session.Ticket);
    }

    public async Task RemoveAsync(string key)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.AuthSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
    }
}
