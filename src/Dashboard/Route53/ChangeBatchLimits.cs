using System.Globalization;

namespace Dashboard.Route53;

/// <summary>
/// What Route 53 refuses in one ChangeResourceRecordSets request, checked before it is sent so that the refusal says
/// which limit in plain words. The numbers are those of Route 53's quotas ("Maximums on API requests") and API
/// reference: at most 1,000 ResourceRecord elements and 32,000 characters of Value text in one request, an UPSERT
/// counting twice for both; a Value of at most 4,000 characters; a Comment of at most 256; at least one change; the
/// same record set not deleted twice in one batch. The old limit of 100 Change elements is no longer documented and
/// is not applied.
/// </summary>
public static class ChangeBatchLimits
{
    public const int MaxResourceRecords = 1_000;
    public const int MaxValueCharacters = 32_000;
    public const int MaxValueLength = 4_000;
    public const int MaxCommentLength = 256;

    /// <summary>Everything in <paramref name="batch"/> Route 53 would refuse on these grounds; empty when none.</summary>
    public static IReadOnlyList<string> Validate(ChangeBatch batch)
    {
        var errors = new List<string>();
        if (batch.Changes.Count == 0)
        {
            errors.Add("The batch has no changes; Route 53 needs at least one.");
            return errors;
        }
        if (batch.Comment is { Length: > MaxCommentLength })
        {
            errors.Add($"The batch's comment is {N(batch.Comment.Length)} characters; Route 53 takes at most {N(MaxCommentLength)}.");
        }

        var records = 0;
        var characters = 0L;
        var deleted = new HashSet<(string, string, string?)>();
        foreach (var change in batch.Changes)
        {
            var set = change.Set;
            var weight = change.Action == ChangeAction.Upsert ? 2 : 1;
            records += weight * set.Values.Count;
            characters += weight * set.Values.Sum(v => (long)v.Length);

            var longest = set.Values.Count == 0 ? 0 : set.Values.Max(v => v.Length);
            if (longest > MaxValueLength)
            {
                errors.Add($"{Describe(set)} has a value of {N(longest)} characters; Route 53 takes at most {N(MaxValueLength)} in one value.");
            }
            if (set.AliasTarget is not null && set.Values.Count > 0)
            {
                errors.Add($"{Describe(set)} has both values and an alias target; a record set has one or the other.");
            }
            if (set.AliasTarget is null && set.Values.Count == 0)
            {
                errors.Add($"{Describe(set)} has neither values nor an alias target.");
            }
            if (set.AliasTarget is null && set.Values.Count > 0 && set.Ttl is null)
            {
                errors.Add($"{Describe(set)} has values but no TTL.");
            }
            if (change.Action == ChangeAction.Delete
                && !deleted.Add((set.Name.TrimEnd('.').ToLowerInvariant(), set.Type.ToUpperInvariant(), set.SetIdentifier)))
            {
                errors.Add($"{Describe(set)} is deleted twice in one batch; Route 53 refuses that.");
            }
        }
        if (records > MaxResourceRecords)
        {
            errors.Add($"The batch has {N(records)} resource records (an UPSERT's count twice); Route 53 takes at most {N(MaxResourceRecords)} in one request.");
        }
        if (characters > MaxValueCharacters)
        {
            errors.Add($"The batch's values add up to {N(characters)} characters (an UPSERT's count twice); Route 53 takes at most {N(MaxValueCharacters)} in one request.");
        }
        return errors;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"a.example.com. A" or "a.example.com. A (set eu-west-1)".</summary>
    public static string Describe(ResourceRecordSet set) =>
        set.SetIdentifier is null ? $"{set.Name} {set.Type}" : $"{set.Name} {set.Type} (set {set.SetIdentifier})";
}
