using Dashboard.Dns;
using Dashboard.Features.Auth;

namespace Dashboard.Features.Zones;

/// <summary>
/// Stages a BIND zone file as a change set against the zone as it is now. The file's RRsets replace the same RRsets
/// of the zone; RRsets the file does not mention are kept unless <c>replaceWholeZone</c> stages their deletion. The
/// apex SOA and NS are never deleted by omission: a file replaces them only by naming them. A file with no records
/// replaces the whole zone only when the operator typed the zone's name. The file's SOA fields are taken; its serial
/// counts when it is ahead of the zone's (RFC 1982). Any error stages nothing; a file that matches the zone stages
/// nothing and says so.
/// </summary>
public static class ZoneImport
{
    public static async Task<ImportStaging> StageAsync(
        ZoneEditingReads reads, Actor actor, string zone, ZonePolicy policy, string text, bool replaceWholeZone, CancellationToken ct, string? confirmZone = null)
    {
        var parsed = ZoneFileParser.Parse(text, zone);
        if (!parsed.IsValid)
        {
            return ImportStaging.Refused(parsed.Errors);
        }
        if (await reads.SoaAsync(actor, zone, ct) is not { } soa)
        {
            return ImportStaging.Refused([$"{zone} has no SOA record to import into"]);
        }
        if (replaceWholeZone && parsed.Records.Count == 0 && DnsName.Normalize(confirmZone ?? "") != DnsName.Normalize(zone))
        {
            return ImportStaging.Refused([ConfirmEmptyReplace(zone)]);
        }
        var names = replaceWholeZone ? null : parsed.Records.Select(r => r.Name).Distinct().ToList();
        var current = await reads.RRsetsAsync(actor, zone, names, ct);
        return Stage(new ChangeSet(zone, policy), parsed.Records, current, soa, replaceWholeZone, confirmZone);
    }

    /// <summary>The pure part: stage <paramref name="records"/> (a parsed file) against <paramref name="current"/>.</summary>
    public static ImportStaging Stage(
        ChangeSet set, IReadOnlyList<ZoneRecord> records, IReadOnlyDictionary<RRsetKey, RRsetRow> current, SoaState soa, bool replaceWholeZone,
        string? confirmZone = null)
    {
        if (replaceWholeZone && records.Count == 0 && DnsName.Normalize(confirmZone ?? "") != set.Zone)
        {
            return ImportStaging.Refused([ConfirmEmptyReplace(set.Zone)]);
        }
        var errors = new List<string>();
        var fileSoa = records.Where(r => r.Type == RecordType.SOA).ToList();
        if (fileSoa.Count > 1)
        {
            errors.Add("the file has more than one SOA record");
        }
        else if (fileSoa is [var soaRecord])
        {
            if (soaRecord.Name != set.Zone)
            {
                errors.Add($"the SOA record must be at the zone apex {set.Zone}, not {soaRecord.Name}");
            }
            else
            {
                var fields = SoaFields.Parse(soaRecord.Content);
                var zoneSerial = soa.Fields.Serial;
                if (fields.Serial > zoneSerial && !SoaSerial.IsGreater(fields.Serial, zoneSerial))
                {
                    // Numerically higher but too far ahead: secondaries would read it as lower. Lower serials are kept and bumped.
                    errors.Add($"SOA: {SoaSerial.CheckRequested(zoneSerial, fields.Serial)}");
                }
                else
                {
                    var requested = SoaSerial.IsGreater(fields.Serial, zoneSerial) ? fields.Serial : (long?)null;
                    var result = set.StageSoa(soa, fields, soaRecord.Ttl, requested);
                    errors.AddRange(result.AllErrors.Select(e => $"SOA: {e}"));
                }
            }
        }

        var fileKeys = new HashSet<RRsetKey>();
        foreach (var rrset in records.Where(r => r.Type != RecordType.SOA).GroupBy(r => new RRsetKey(r.Name, r.Type)))
        {
            fileKeys.Add(rrset.Key);
            var result = set.Replace(rrset.Key, current.GetValueOrDefault(rrset.Key), rrset.ToList());
            errors.AddRange(result.AllErrors.Select(e => e.StartsWith(rrset.Key.ToString(), StringComparison.Ordinal) ? e : $"{rrset.Key}: {e}"));
        }
        if (replaceWholeZone)
        {
            // The apex NS set is what makes the zone answer at all: a file that leaves it out keeps it.
            foreach (var (key, row) in current.Where(c => !fileKeys.Contains(c.Key) && !IsApexNs(c.Key, set.Zone)))
            {
                var result = set.Replace(key, row, []);
                errors.AddRange(result.AllErrors.Select(e => $"{key}: {e}"));
            }
        }
        if (errors.Count > 0)
        {
            return ImportStaging.Refused(errors);
        }
        if (set.IsEmpty)
        {
            return new ImportStaging(null, [], NoChanges: true);
        }
        set.MarkImported(replaceWholeZone);
        return new ImportStaging(set, []);
    }

    private static bool IsApexNs(RRsetKey key, string zone) => key.Type == RecordType.NS && key.Name == zone;

    private static string ConfirmEmptyReplace(string zone) =>
        $"The file has no records, so replacing the whole zone would delete every RRset of {zone} but its SOA and NS. " +
        $"Type the zone's name ({zone}) to confirm that this is what you want";
}

/// <summary>
/// An import staged as a change set to review; or the errors (line numbers from the parser) with nothing staged; or,
/// when the file matches the zone as it is, nothing staged and <see cref="NoChanges"/>.
/// </summary>
public sealed record ImportStaging(ChangeSet? Set, IReadOnlyList<string> Errors, bool NoChanges = false)
{
    public static ImportStaging Refused(IReadOnlyList<string> errors) => new(null, errors);
}

