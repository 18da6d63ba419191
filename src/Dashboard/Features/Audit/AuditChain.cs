using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Features.Audit;

/// <summary>
/// The audit trail's hash chain, defined once for readers: entry <c>seq</c> carries
/// <c>sha256(payload(entry) + hex(hash of entry seq-1))</c>. The database computes it in the <c>audit_entries_chain</c>
/// trigger (migration <c>AuditChain</c>, function <c>dashboard.audit_entry_hash</c>); this is an independent
/// implementation of the same definition, so a verifier does not trust the database's own function.
/// </summary>
public static class AuditChain
{
    /// <summary>Names the payload format; a new format gets a new tag.</summary>
    public const string Version = "dashboard-audit-v1";

    /// <summary>The content of one entry as the chain covers it: every column but <c>hash</c>.</summary>
    public sealed record Link(
        long Seq, long Id, DateTimeOffset At, string? ActorId, string? ActorName, string? Action, string? Zone, string? Name,
        string? Type, string? Before, string? After, string? Reason, long? ParentId);

    /// <summary>The hash entry <paramref name="link"/> must carry, given the hash of the entry before it (empty for the first).</summary>
    public static byte[] Hash(Link link, ReadOnlySpan<byte> previous)
    {
        var payload = new StringBuilder(256)
            .Append(Version).Append('\n')
            .Append(link.Seq.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(link.Id.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Microseconds(link.At).ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var field in (ReadOnlySpan<string?>)[link.ActorId, link.ActorName, link.Action, link.Zone, link.Name, link.Type,
                     link.Before, link.After, link.Reason, link.ParentId?.ToString(CultureInfo.InvariantCulture)])
        {
            // Length-prefixed (in UTF-8 bytes), so no choice of field contents can make two entries read the same.
            payload.Append(field is null ? "-" : $"{Encoding.UTF8.GetByteCount(field)}:{field}").Append('\n');
        }
        payload.Append(Convert.ToHexStringLower(previous));
        return SHA256.HashData(Encoding.UTF8.GetBytes(payload.ToString()));
    }

    /// <summary>Microseconds since the Unix epoch: PostgreSQL's own resolution, so both sides hash the same number.</summary>
    public static long Microseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
