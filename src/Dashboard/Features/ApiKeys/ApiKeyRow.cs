namespace Dashboard.Features.ApiKeys;

/// <summary>
/// One API key (<c>dashboard.api_keys</c>). The secret itself is never stored: only its SHA-256
/// (<see cref="ApiKeySecret"/>). A key is never deleted, so its name stays unique for good and the audit trail's
/// <c>key:&lt;name&gt;</c> always means one key; revoking sets <see cref="RevokedAt"/>.
/// </summary>
public sealed class ApiKeyRow
{
    public const int MaxNameLength = 64;

    public Guid Id { get; set; }

    /// <summary>Lowercase letters, digits, '.', '_' and '-' (<see cref="ApiKeyRules.ValidateName"/>); unique.</summary>
    public string Name { get; set; } = "";

    /// <summary>The user the key acts for: it never does more than their roles allow now.</summary>
    public string OwnerId { get; set; } = "";

    /// <summary><see cref="Auth.Permission"/> names.</summary>
    public string[] Permissions { get; set; } = [];

    /// <summary>Normalized zone names; empty means every zone.</summary>
    public string[] Zones { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    /// <summary>Updated at most once a minute per key (<see cref="ApiKeyResolver.LastUsedResolution"/>).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public string? LastUsedFrom { get; set; }

    /// <summary>SHA-256 of the secret part of the key.</summary>
    public byte[] SecretHash { get; set; } = [];
}
