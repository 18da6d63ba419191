namespace Dashboard.Features.Auth;

/// <summary>
/// A signed-in session, kept on the server: the cookie holds only <see cref="Id"/>. Signing out deletes the row, so a
/// copy of the cookie stops working too; disabling a user deletes all of theirs.
/// </summary>
public sealed class AuthSession
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public byte[] Ticket { get; set; } = [];
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
