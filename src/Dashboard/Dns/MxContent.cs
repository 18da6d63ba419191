namespace Dashboard.Dns;

/// <summary>MX content: <c>&lt;preference 0-65535&gt; &lt;exchange&gt;</c>; exchange <c>.</c> is a null MX (RFC 7505).</summary>
public static class MxContent
{
    /// <param name="origin">Completes a relative exchange (zone-file rule); empty for storage form.</param>
    public static ValidationResult Validate(string input, string origin = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        var fields = NumberField.SplitFields(input);
        if (fields.Length != 2)
        {
            return ValidationResult.Fail(
                "MX content must be a preference and a mail server hostname, like '10 mx1.example.test'");
        }

        var errors = new List<string>();
        if (NumberField.Check(fields[0], ushort.MaxValue, "MX preference", out var preference) is { } numberError)
        {
            errors.Add(numberError);
        }

        var exchange = HostnameTarget.Validate(fields[1], "MX exchange", allowRoot: true, origin);
        errors.AddRange(exchange.Errors);
        if (exchange.Value == HostnameTarget.Root && errors.Count == 0 && preference != 0)
        {
            errors.Add("A null MX (exchange '.') must have preference 0");
        }

        return errors.Count == 0
            ? ValidationResult.Ok($"{preference} {exchange.Value}")
            : ValidationResult.Fail(errors);
    }
}
