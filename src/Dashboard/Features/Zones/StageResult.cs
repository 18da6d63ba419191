namespace Dashboard.Features.Zones;

/// <summary>
/// What staging one edit did: nothing staged and plain-words errors per field (<see cref="ChangeSetFields"/>), or staged.
/// </summary>
public sealed record StageResult(IReadOnlyDictionary<string, IReadOnlyList<string>> Errors)
{
    public static readonly StageResult Ok = new(new Dictionary<string, IReadOnlyList<string>>());

    public bool Staged => Errors.Count == 0;

    public IEnumerable<string> AllErrors => Errors.SelectMany(e => e.Value);

    public IReadOnlyList<string> For(string field) => Errors.TryGetValue(field, out var errors) ? errors : [];

    public static StageResult Fail(string field, params IEnumerable<string> errors) =>
        new(new Dictionary<string, IReadOnlyList<string>> { [field] = errors.ToList() });
}

/// <summary>The field names staging errors are keyed by, so dialogs can put each message next to its field.</summary>
public static class ChangeSetFields
{
    public const string Name = "name";
    public const string Type = "type";
    public const string Content = "content";
    public const string Ttl = "ttl";
    public const string RRset = "rrset";
    public const string Mname = "mname";
    public const string Rname = "rname";
    public const string Serial = "serial";
    public const string Refresh = "refresh";
    public const string Retry = "retry";
    public const string Expire = "expire";
    public const string Minimum = "minimum";
}
