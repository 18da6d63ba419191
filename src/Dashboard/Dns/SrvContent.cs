namespace Dashboard.Dns;

/// <summary>SRV content: <c>&lt;priority&gt; &lt;weight&gt; &lt;port&gt; &lt;target&gt;</c>, numbers 0-65535, target may be <c>.</c>.</summary>
public static class SrvContent
{
    /// <param name="origin">Completes a relative target (zone-file rule); empty for storage form.</param>
    public static ValidationResult Validate(string input, string origin = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        var fields = NumberField.SplitFields(input);
        if (fields.Length != 4)
        {
            return ValidationResult.Fail(
                "SRV content must be priority, weight, port and target, like '10 5 443 server.example.test'");
        }

        var errors = new List<string>();
        var numbers = new long[3];
        string[] names = ["SRV priority", "SRV weight", "SRV port"];
        for (var i = 0; i < 3; i++)
        {
            if (NumberField.Check(fields[i], ushort.MaxValue, names[i], out numbers[i]) is { } error)
            {
                errors.Add(error);
            }
        }

        var target = HostnameTarget.Validate(fields[3], "SRV target", allowRoot: true, origin);
        errors.AddRange(target.Errors);
        return errors.Count == 0
            ? ValidationResult.Ok($"{numbers[0]} {numbers[1]} {numbers[2]} {target.Value}")
            : ValidationResult.Fail(errors);
    }
}
