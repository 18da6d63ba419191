namespace Dashboard.Dns;

/// <summary>One zone-file token; quoted tokens keep their quotes and escapes verbatim.</summary>
internal sealed record ZoneToken(string Text, bool Quoted);

/// <summary>One logical zone-file entry (a record or directive), possibly spanning lines via parentheses.</summary>
internal sealed record ZoneEntry(int Line, bool BlankOwner, IReadOnlyList<ZoneToken> Tokens, bool Disabled);

/// <summary>A zone-file error tied to a line number.</summary>
internal sealed record ZoneError(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}
