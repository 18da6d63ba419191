namespace Dashboard.Dns;

/// <summary>Result of <see cref="RecordContent.ValidateRecord"/>: the normalized record or errors.</summary>
public sealed record RecordValidation(ZoneRecord? Record, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
