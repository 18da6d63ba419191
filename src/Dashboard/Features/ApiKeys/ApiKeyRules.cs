using System.Text.RegularExpressions;
using Dashboard.Dns;
using Dashboard.Features.Auth;

namespace Dashboard.Features.ApiKeys;

/// <summary>What a key may be given and called, in plain rules (no database).</summary>
public static partial class ApiKeyRules
{
    /// <summary>
    /// Permissions a key may carry: every one but <see cref="Permission.ManageUsers"/>. Managing users and keys stays
    /// with people signed in on the Keys and Users pages, so a leaked key can never mint keys or accounts.
    /// </summary>
    public static readonly IReadOnlyList<Permission> Grantable = [.. Enum.GetValues<Permission>().Where(p => p != Permission.ManageUsers)];

    /// <summary>The permissions a key of an owner holding <paramref name="roles"/> may be given now.</summary>
    public static IReadOnlyList<Permission> GrantableFor(IEnumerable<string> roles)
    {
        var held = roles.ToList();
        return [.. Grantable.Where(p => RolePermissions.AnyAllows(held, p))];
    }

    /// <summary>Null when <paramref name="name"/> is a valid key name (already trimmed and lowercased by the caller), else why not.</summary>
    public static string? ValidateName(string name) =>
        NamePattern().IsMatch(name) ? null
        : $"A key name is 1 to {ApiKeyRow.MaxNameLength} characters: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit.";

    /// <summary>The zones normalized, distinct and sorted; an empty list is every zone.</summary>
    public static string[] NormalizeZones(IEnumerable<string> zones) =>
        [.. zones.Select(DnsName.Normalize).Where(z => z.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The key's permissions as stored, read back (unknown names, from a later version, are ignored).</summary>
    public static IReadOnlySet<Permission> ParsePermissions(IEnumerable<string> stored) =>
        stored.Select(s => Enum.TryParse<Permission>(s, out var p) ? p : (Permission?)null).OfType<Permission>().ToHashSet();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
