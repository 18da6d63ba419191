using Dashboard.Dns;
using Dashboard.Features.Auth;

namespace Dashboard.Features.Zones;

/// <summary>
/// Stages a BIND zone file as a change set against the zone as it is now. The file's RRsets replace the same RRsets
/// of the zone; RRsets the file does not mention are kept unless <c>replaceWholeZone</c> stages their deletion.
/// The file's SOA fields are taken; its serial counts when higher than the zone's. Any error stages nothing.
/// </summary>
public static class ZoneImport
{
    public static async Task<ImportStaging> StageAsync(
        ZoneEditingReads reads, Actor actor, string zone, ZonePolicy policy, string text, bool replaceWholeZone, CancellationToken ct)
    {
        var parsed = ZoneFileParser.Parse(text, zone);
        if (!parsed.IsValid)
        {
            return new ImportStaging(null, parsed.Errors);
        }
        if (await reads.SoaAsync(actor, zone, ct) is not { } soa)
        {
            return new ImportStaging(null, [$"{zone} has no SOA record to import into"]);
        }
        var names = replaceWholeZone ? null : parsed.Records.Select(r => r.Name).Distinct().ToList();
        var current = await reads.RRsetsAsync(actor, zone, names, ct);
        return Stage(new ChangeSet(zone, policy), parsed.Records, current, soa, replaceWholeZone);
    }

    /// <summary>The pure part: stage <paramref name="records"/> (a parsed file) against <paramref name="current"/>.</summary>
    public static ImportStaging Stage(
        ChangeSet set, IReadOnlyList<ZoneRecord> records, IReadOnlyDictionary<RRsetKey, RRsetRow> current, SoaState soa, bool replaceWholeZone)
    {
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
                var requested = fields.Serial > soa.Fields.Serial ? fields.Serial : (long?)null;
                var result = set.StageSoa(soa, fields, soaRecord.Ttl, requested);
                errors.AddRange(result.AllErrors.Select(e => $"SOA: {e}"));
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
            foreach (var (key, row) in current.Where(c => !fileKeys.Contains(c.Key)))
            {
                var result = set.Replace(key, row, []);
                errors.AddRange(result.AllErrors.Select(e => $"{key}: {e}"));
            }
        }
        if (errors.Count > 0)
        {
            return new ImportStaging(null, errors);
        }
        set.MarkImported(replaceWholeZone);
        return new ImportStaging(set, []);
    }
}

/// <summary>An import staged as a change set to review, or the errors (line numbers from the parser) with nothing staged.</summary>
public sealed record ImportStaging(ChangeSet? Set, IReadOnlyList<string> Errors);

/// <summary>What the import dialog returns: the file's text and whether RRsets the file does not mention are deleted.</summary>
public sealed record ImportDraft(string Text, bool ReplaceWholeZone);
