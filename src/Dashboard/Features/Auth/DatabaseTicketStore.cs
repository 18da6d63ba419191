using System.Security.Claims;
using System.Security.Cryptography;
using Dashboard.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Features.Auth;

/// <summary>
/// Keeps authentication tickets in <c>dashboard.auth_sessions</c> instead of in the cookie. Sessions survive a restart
/// (a wallboard stays signed in), and removing a row ends that session everywhere. Every principal it hands out
/// carries its session key (<see cref="SessionIdClaimType"/>), so circuits and commands can check that the session
/// still exists (<see cref="ActorResolver"/>). Singleton.
/// </summary>
/// <remarks>
/// When the primary cannot be reached, <see cref="RetrieveAsync"/> answers "no ticket" for that request (it is served
/// as signed out, e.g. the sign-in page saying the database is unreachable) without touching the row: the session
/// works again once the primary is back.
/// </remarks>
public sealed class DatabaseTicketStore(
    IDbContextFactory<DashboardDbContext> contexts,
    RegionDataSources sources,
    TimeProvider time,
    PrimaryAvailability primary,
    IHttpContextAccessor http,
    ILogger<DatabaseTicketStore> logger) : ITicketStore
{
    /// <summary>
    /// Set in <see cref="HttpContext.Items"/> when this request's session could not be read (the primary did not answer
    /// in time: down, or every pooled connection busy in a reconnect storm): the request is unauthenticated because of
    /// the database, not because the session is over, and a machine endpoint answers 503, never 401.
    /// </summary>
    public const string SessionUncheckedItem = "dashboard:session-unchecked";

    /// <summary>The claim holding the session's key (the row's id) in every principal this store hands out.</summary>
    public const string SessionIdClaimType = "dashboard:session";

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        WithSessionClaim(ticket.Principal, id);
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

    /// <remarks>
    /// Called only when the cookie handler renews: sliding expiration past half the lifetime, or the security stamp
    /// re-checked (<see cref="AuthOptions.SessionRenewInterval"/>), never on every request.
    /// </remarks>
    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        WithSessionClaim(ticket.Principal, key);
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            var bytes = TicketSerializer.Default.Serialize(ticket);
            var now = time.GetUtcNow();
            await db.AuthSessions.Where(s => s.Id == key).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Ticket, bytes)
                .SetProperty(x => x.ExpiresAt, ticket.Properties.ExpiresUtc)
                .SetProperty(x => x.LastSeenAt, now));
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            // The session keeps its old row and expiry; the next renewal after the outage catches up.
            primary.ReportUnreachable(DatabaseFaults.Describe(ex));
            logger.LogWarning("Session not renewed, the primary database is unreachable: {Reason}", DatabaseFaults.Describe(ex));
        }
    }

    private const string RetrieveSql = $"SELECT ticket, expires_at FROM {DashboardDbContext.Schema}.auth_sessions WHERE id = $1";

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        (byte[] Ticket, DateTimeOffset? ExpiresAt)? session = null;
        try
        {
            // Every request with a cookie reads its session: one statement on the primary's pool, without building an EF
            // Core context (see ActorResolver: in a reconnect storm that was a large share of the instance's CPU).
            await using var command = sources.Primary.CreateCommand(RetrieveSql);
            command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Varchar });
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                session = (reader.GetFieldValue<byte[]>(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
            }
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            primary.ReportUnreachable(DatabaseFaults.Describe(ex));
            if (http.HttpContext is { } context)
            {
                context.Items[SessionUncheckedItem] = DatabaseFaults.Describe(ex);
            }
            logger.LogWarning("Session not checked, the primary database is unreachable: {Reason}; serving the request as signed out", DatabaseFaults.Describe(ex));
            return null;
        }
        if (session is not { } found || found.ExpiresAt < time.GetUtcNow())
        {
            return null;
        }
        var ticket = TicketSerializer.Default.Deserialize(found.Ticket);
        if (ticket is not null)
        {
            // Sessions stored before the key was kept in the ticket get it here.
            WithSessionClaim(ticket.Principal, key);
        }
        return ticket;
    }

    public async Task RemoveAsync(string key)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.AuthSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    /// <summary>Copies the session key from one principal to another (the security stamp check builds a fresh principal).</summary>
    internal static void CopySessionClaim(ClaimsPrincipal from, ClaimsPrincipal to)
    {
        if (from.FindFirstValue(SessionIdClaimType) is { } key)
        {
            WithSessionClaim(to, key);
        }
    }

    private static void WithSessionClaim(ClaimsPrincipal principal, string key)
    {
        if (principal.Identity is not ClaimsIdentity identity || identity.FindFirst(SessionIdClaimType)?.Value == key)
        {
            return;
        }
        foreach (var stale in identity.FindAll(SessionIdClaimType).ToList())
        {
            identity.RemoveClaim(stale);
        }
        identity.AddClaim(new Claim(SessionIdClaimType, key));
    }
}
