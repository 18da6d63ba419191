using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Auth;

/// <summary>A console user. A disabled user cannot sign in, and their open sessions stop working.</summary>
public sealed class DashboardUser : IdentityUser
{
    public bool IsDisabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
