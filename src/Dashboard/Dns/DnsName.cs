namespace Dashboard.Dns;

/// <summary>
/// Normalization and validation of DNS names in PowerDNS storage format
/// (lowercase, fully qualified, no trailing dot). IDN is not supported:
/// non-ASCII input is rejected and must be entered in punycode (<c>xn--</c>) form.
/// </summary>
public static class DnsName
{
    /// <summary>Maximum length of one label in octets.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Maximum length of a name in presentation form without trailing dot (255 octets on the wire).</summary>
    public const int MaxNameLength = 253;

    /// <summary>Trims, lowercases ASCII letters and strips one trailing dot. Does not validate.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = AsciiText.ToLower(name.Trim());
        return trimmed.EndsWith('.') ? trimmed[..^1] : trimmed;
    }

    /// <summary>Normalizes and validates a name; on success <see cref="ValidationResult.Value"/> is the storage form.</summary>
    public static ValidationResult Validate(string name, DnsNameKind kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = Normalize(name);
        if (normalized.Length == 0)
        {
            return ValidationResult.Fail("A name must not be empty");
        }

        if (normalized.Any(c => c > 127))
        {
            return ValidationResult.Fail(
                $"Name '{name.Trim()}' contains non-ASCII characters; enter internationalized names in punycode (xn--) form");
        }

        if (normalized.Length > MaxNameLength)
        {
            return ValidationResult.Fail(
                $"Name is {normalized.Length} characters long; a name may be at most {MaxNameLength} characters");
        }

        var errors = new List<string>();
        var labels = normalized.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var error = ValidateLabel(labels[i], kind, isLeftmost: i == 0, normalized);
            if (error is not null)
            {
                errors.Add(error);
            }
        }

        return errors.Count == 0 ? ValidationResult.Ok(normalized) : ValidationResult.Fail(errors.Distinct());
    }

    /// <summary>True when <paramref name="name"/> equals <paramref name="zone"/> or lies below it.</summary>
    public static bool IsInZone(string name, string zone)
    {
        var n = Normalize(name);
        var z = Normalize(zone);
        if (z.Length == 0)
        {
            return true;
        }

        return n == z || n.EndsWith("." + z, StringComparison.Ordinal);
    }

    /// <summary>
    /// Resolves an owner name typed by an operator against <paramref name="zone"/>:
    /// <c>@</c> or empty is the apex; a name ending in a dot is absolute and must be in the zone;
    /// any other name is relative unless it already ends with the zone name.
    /// </summary>
    public static ValidationResult ResolveOwner(string input, string zone)
    {
        ArgumentNullException.ThrowIfNull(input);
        var apex = Normalize(zone);
        var trimmed = input.Trim();
        string candidate;
        if (trimmed.Length == 0 || trimmed == "@")
        {
            candidate = apex;
        }
        else if (trimmed.EndsWith('.'))
        {
            candidate = Normalize(trimmed);
            if (candidate.Length > 0 && !IsInZone(candidate, apex))
            {
                return ValidationResult.Fail($"Name '{trimmed}' is not inside zone '{apex}'");
            }
        }
        else
        {
            var lowered = AsciiText.ToLower(trimmed);
            candidate = IsInZone(lowered, apex) ? lowered : $"{lowered}.{apex}";
        }

        return Validate(candidate, DnsNameKind.Owner);
    }

    private static string? ValidateLabel(string label, DnsNameKind kind, bool isLeftmost, string name)
    {
        if (label.Length == 0)
        {
            return $"Name '{name}' contains an empty label (two dots in a row or a leading dot)";
        }

        if (label.Length > MaxLabelLength)
        {
            return $"Label '{label}' is {label.Length} characters long; a label may be at most {MaxLabelLength} characters";
        }

        if (label.Contains('*'))
        {
            if (kind == DnsNameKind.Hostname)
            {
                return $"A hostname may not contain a wildcard '*' ('{name}')";
            }

            return label == "*" && isLeftmost
                ? null
                : "A wildcard '*' is only allowed as the entire leftmost label, as in '*.example.test'";
        }

        foreach (var c in label)
        {
            if (c == '_' && kind == DnsNameKind.Hostname)
            {
                return $"A hostname may not contain underscores ('{label}')";
            }

            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                var allowed = kind == DnsNameKind.Owner
                    ? "letters, digits, hyphens and underscores"
                    : "letters, digits and hyphens";
                return $"Label '{label}' contains the invalid character '{c}'; only {allowed} are allowed";
            }
        }

        if (label.StartsWith('-') || label.EndsWith('-'))
        {
            return $"A hostname label may not start or end with a hyphen ('{label}')";
        }

        return null;
    }
}
