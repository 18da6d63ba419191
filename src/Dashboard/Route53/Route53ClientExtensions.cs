namespace Dashboard.Route53;

public static class Route53ClientExtensions
{
    /// <summary>
    /// Every record set of the zone, page after page from the first. Stops with an error rather than looping if Route 53
    /// ever points a page at a start it already gave.
    /// </summary>
    public static async Task<IReadOnlyList<ResourceRecordSet>> ListAllResourceRecordSetsAsync(this IRoute53Client client, string hostedZoneId, CancellationToken cancellationToken)
    {
        var sets = new List<ResourceRecordSet>();
        var starts = new HashSet<RecordSetStart>();
        RecordSetStart? start = null;
        while (true)
        {
            var page = await client.ListResourceRecordSetsAsync(hostedZoneId, start, null, cancellationToken);
            sets.AddRange(page.Sets);
            if (!page.IsTruncated)
            {
                return sets;
            }
            if (page.Next is null || !starts.Add(page.Next))
            {
                throw new InvalidOperationException($"Route 53 said the record sets of {hostedZoneId} go on but gave no new place to go on from (after {sets.Count} sets).");
            }
            start = page.Next;
        }
    }
}
