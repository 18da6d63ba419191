namespace Dashboard.Dns;

/// <summary>Raw (unescaped) strings of TXT content, or the errors that prevented parsing.</summary>
public sealed record TxtParseResult(IReadOnlyList<string> Strings, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
