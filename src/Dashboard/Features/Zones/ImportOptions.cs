using Microsoft.Extensions.Options;

namespace Dashboard.Features.Zones;

/// <summary>Limits of the zone-file import, bound from <c>Dashboard:Import</c>.</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Dashboard:Import";

    /// <summary>Largest zone file (or pasted text, in UTF-8 bytes) the import endpoint takes: 10 MB by default.</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long a parsed upload waits for the page that sent it to take it into its change set.</summary>
    public TimeSpan UploadLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class ValidateImportOptions : IValidateOptions<ImportOptions>
{
    /// <summary>Above this, one upload (held as text and as records while it is parsed) risks the server's memory.</summary>
    public const long MaxAllowedUploadBytes = 256L * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, ImportOptions options)
    {
        var errors = new List<string>();
        if (options.MaxUploadBytes is < 1024 or > MaxAllowedUploadBytes)
        {
            errors.Add($"{ImportOptions.SectionName}:MaxUploadBytes must be from 1024 to {MaxAllowedUploadBytes} (it is {options.MaxUploadBytes})");
        }
        if (options.UploadLifetime < TimeSpan.FromSeconds(10) || options.UploadLifetime > TimeSpan.FromHours(1))
        {
            errors.Add($"{ImportOptions.SectionName}:UploadLifetime must be from 00:00:10 to 01:00:00 (it is {options.UploadLifetime})");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
