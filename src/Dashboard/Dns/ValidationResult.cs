namespace Dashboard.Dns;

/// <summary>
/// Outcome of validating operator input: either a normalized value in storage format,
/// or one or more plain-English error messages for the operator.
/// </summary>
public sealed record ValidationResult
{
    private ValidationResult(string? value, IReadOnlyList<string> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The normalized value (storage format); <c>null</c> when invalid.</summary>
    public string? Value { get; }

    /// <summary>Operator-facing error messages; empty when valid.</summary>
    public IReadOnlyList<string> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    public static ValidationResult Ok(string value) => new(value, []);

    public static ValidationResult Fail(params string[] errors) => new(null, errors);

    public static ValidationResult Fail(IEnumerable<string> errors) => new(null, errors.ToArray());

    /// <summary>Returns a failed copy whose messages are prefixed with <paramref name="field"/>.</summary>
    public ValidationResult WithField(string field) =>
        IsValid ? this : Fail(Errors.Select(e => $"{field}: {e}"));
}
