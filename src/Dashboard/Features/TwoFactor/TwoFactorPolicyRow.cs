namespace Dashboard.Features.TwoFactor;

/// <summary>
/// The policy an Admin set (<c>dashboard.two_factor_policy</c>, one row, id 1). No row: the configured default
/// (<see cref="TwoFactorOptions.RequiredRolesDefault"/>) applies.
/// </summary>
public sealed class TwoFactorPolicyRow
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public List<string> RequiredRoles { get; set; } = [];
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
}

/// <summary>The last time step whose code signed this user in (<c>dashboard.totp_last_steps</c>): codes at or before it are refused.</summary>
public sealed class TotpLastStepRow
{
    public string UserId { get; set; } = "";
    public long Step { get; set; }
}
