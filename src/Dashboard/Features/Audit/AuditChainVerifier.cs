using Dashboard.Data;
using Dashboard.Features.Auth;
using Npgsql;

namespace Dashboard.Features.Audit;

/// <summary>The newest entry of a chain: its position and hash. Recorded outside the database, it is an anchor.</summary>
public sealed record AuditChainHead(long Seq, string Hash)
{
    public override string ToString() => $"{Seq}:{Hash}";

    /// <summary>Parses <c>SEQ:HASH</c> as printed by <c>verify-audit</c>; null when it is not that.</summary>
    public static AuditChainHead? TryParse(string? text)
    {
        var parts = (text ?? "").Trim().Split(':');
        return parts is [var seq, var hash] && long.TryParse(seq, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            && hash.Length == 64 && hash.All(Uri.IsHexDigit)
            ? new AuditChainHead(n, hash.ToLowerInvariant())
            : null;
    }
}

/// <summary>The first entry where the chain does not hold, and why, in words.</summary>
public sealed record AuditChainBreak(long Seq, long? Id, DateTimeOffset? At, string Problem);

/// <summary>What verifying the chain found. <see cref="Intact"/> only when every entry and the anchor (if any) check out.</summary>
public sealed record AuditChainReport(long Entries, AuditChainHead? Head, AuditChainBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>
/// Recomputes the audit trail's hash chain from the stored rows (with <see cref="AuditChain"/>, not the database's own
/// function) and reports the first entry that does not hold: altered, inserted out of chain, or missing. Reads one
/// snapshot, so entries committed meanwhile are not half-seen. Singleton; callers own cancellation.
/// </summary>
public sealed class AuditChainVerifier(RegionDataSources dataSources)
{
    public async Task<AuditChainReport> VerifyAsync(Actor actor, AuditChainHead? anchor = null, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadAudit);
        await using var command = dataSources.Primary.CreateCommand(
            """
            SELECT seq, id, at, actor_id, actor_name, action, zone, name, type, before, after, reason, parent_id, hash
            FROM dashboard.audit_entries ORDER BY seq NULLS LAST, id
            """);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);

        byte[] previous = [];
        long expected = 1, entries = 0;
        AuditChainHead? head = null;
        var anchorSeen = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            var link = new AuditChain.Link(
                reader.IsDBNull(0) ? 0 : reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                Text(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8),
                Text(reader, 9), Text(reader, 10), Text(reader, 11),
                reader.IsDBNull(12) ? null : reader.GetInt64(12));
            var stored = reader.IsDBNull(13) ? [] : reader.GetFieldValue<byte[]>(13);
            entries++;
            if (link.Seq != expected)
            {
                var problem = link.Seq == 0
                    ? "it has no place in the chain (written with the chain trigger off)"
                    : link.Seq < expected
                        ? $"it repeats position #{link.Seq}"
                        : expected == link.Seq - 1
                            ? $"entry #{expected} before it is missing"
                            : $"entries #{expected} to #{link.Seq - 1} before it are missing";
                return Broken(link, $"entry #{link.Seq}: {problem}");
            }
            if (!AuditChain.Hash(link, previous).AsSpan().SequenceEqual(stored))
            {
                return Broken(link, $"entry #{link.Seq}: its hash does not match its content and the entry before it (this entry was altered, or the one before it was)");
            }
            previous = stored;
            head = new AuditChainHead(link.Seq, Convert.ToHexStringLower(stored));
            if (anchor is not null && link.Seq == anchor.Seq)
            {
                anchorSeen = true;
                if (head.Hash != anchor.Hash)
                {
                    return Broken(link, $"entry #{link.Seq}: its hash is not the anchor's {anchor.Hash} (the chain was rewritten up to here)");
                }
            }
            expected++;
        }
        if (anchor is not null && !anchorSeen)
        {
            return new AuditChainReport(entries, head, new AuditChainBreak(anchor.Seq, null, null,
                $"entry #{anchor.Seq} of the anchor is missing: the chain ends at #{head?.Seq ?? 0} (its newest entries were removed)"));
        }
        return new AuditChainReport(entries, head, null);

        AuditChainReport Broken(AuditChain.Link link, string problem) =>
            new(entries, head, new AuditChainBreak(link.Seq, link.Id, link.At, problem));
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
