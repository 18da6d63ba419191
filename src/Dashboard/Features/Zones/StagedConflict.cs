using Dashboard.Dns;

namespace Dashboard.Features.Zones;

/// <summary>
/// A staged RRset (or the SOA edit) whose stored data changed after it was staged: the rows it was staged from, the
/// rows stored now ("theirs"), and the rows it would write, each as the diff reads (<see cref="ChangeSet.Describe"/>).
/// <see cref="Current"/>/<see cref="CurrentSoa"/> are what a rebase re-stages on top of: the data shown, nothing newer.
/// </summary>
public sealed record StagedConflict(
    RRsetKey Key,
    IReadOnlyList<string> StagedFrom,
    IReadOnlyList<string> Now,
    IReadOnlyList<string> Staged,
    RRsetRow? Current,
    SoaState? CurrentSoa)
{
    public static StagedConflict Of(StagedRRset staged, RRsetRow? current) => new(
        staged.Key,
        staged.Before.Select(b => ChangeSet.Describe(b.Content, b.Ttl, b.Disabled)).ToList(),
        current?.Records.Select(r => ChangeSet.Describe(ChangeSet.Normalize(current.Type, r.Content), current.Ttl, r.Disabled)).ToList() ?? [],
        staged.After.Select(a => ChangeSet.Describe(a.Content, staged.Ttl, a.Disabled)).ToList(),
        current,
        null);

    public static StagedConflict Of(string zone, StagedSoa soa, SoaState current) => new(
        new RRsetKey(DnsName.Normalize(zone), RecordType.SOA),
        [ChangeSet.Describe(soa.Before.Format(), soa.BeforeTtl, false)],
        [ChangeSet.Describe(current.Content, current.Ttl, false)],
        [ChangeSet.Describe((soa.After with { Serial = soa.RequestedSerial ?? soa.Before.Serial }).Format(), soa.AfterTtl, false)],
        null,
        current);
}
