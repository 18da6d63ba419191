using Dashboard.Features.Auth;

namespace Dashboard.Features.ApiKeys;

/// <summary>A user who may own a key, with the roles that bound it.</summary>
public sealed record ApiKeyOwner(string Id, string UserName, IReadOnlyList<string> Roles);

/// <summary>
/// The create dialog's state and rules, apart from the markup: the permissions offered are those the owner's roles
/// allow (<see cref="ApiKeyRules.GrantableFor"/>), and choosing another owner drops what the new one may not give.
/// The command checks all of it again; this only keeps the form from offering what would be refused.
/// </summary>
public sealed class ApiKeyForm(DateTimeOffset now, TimeSpan defaultLifetime, TimeSpan maxLifetime)
{
    private readonly HashSet<Permission> _permissions = [];

    public string Name { get; set; } = "";
    public ApiKeyOwner? Owner { get; private set; }
    public IReadOnlySet<Permission> Permissions => _permissions;
    public IReadOnlyCollection<string> Zones { get; set; } = [];
    public DateTime? ExpiresOn { get; set; } = (now + defaultLifetime).UtcDateTime.Date;

    /// <summary>The latest expiry date the form accepts.</summary>
    public DateTime MaxExpiresOn { get; } = (now + maxLifetime).UtcDateTime.Date;

    public DateTime MinExpiresOn { get; } = now.UtcDateTime.Date.AddDays(1);

    /// <summary>What the current owner may give a key; nothing before an owner is chosen.</summary>
    public IReadOnlyList<Permission> Offered => Owner is null ? [] : ApiKeyRules.GrantableFor(Owner.Roles);

    public void SetOwner(ApiKeyOwner? owner)
    {
        Owner = owner;
        _permissions.IntersectWith(Offered);
    }

    public void Toggle(Permission permission, bool on)
    {
        if (on && Offered.Contains(permission))
        {
            _permissions.Add(permission);
        }
        else
        {
            _permissions.Remove(permission);
        }
    }

    /// <summary>What is missing before the form can be sent (empty when it can).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (ApiKeyRules.ValidateName(Name.Trim().ToLowerInvariant()) is { } name)
        {
            problems.Add(name);
        }
        if (Owner is null)
        {
            problems.Add("Choose the key's owner.");
        }
        if (_permissions.Count == 0)
        {
            problems.Add("Give the key at least one permission.");
        }
        if (ExpiresOn is not { } on || on < MinExpiresOn || on > MaxExpiresOn)
        {
            problems.Add($"The expiry is a date from {MinExpiresOn:yyyy-MM-dd} to {MaxExpiresOn:yyyy-MM-dd}.");
        }
        return problems;
    }

    /// <summary>The command's request (expiry: the end of the chosen day, UTC).</summary>
    public ApiKeyRequest ToRequest() => new(Name.Trim().ToLowerInvariant(), Owner?.Id ?? "", [.. _permissions], [.. Zones],
        new DateTimeOffset(DateTime.SpecifyKind(ExpiresOn!.Value.Date, DateTimeKind.Utc)).AddDays(1).AddSeconds(-1));
}
