using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Configuration;

/// <summary>Fails start-up with one message per problem, each naming the setting to fix.</summary>
public sealed class ValidateDashboardOptions : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var errors = new List<string>();
        ValidateRegions(options.Regions, errors);
        ValidateZones(options.Zones, errors);

        if (options.ApplyMigrationsWithoutConnection())
        {
            errors.Add("Dashboard:Database:MigrationConnectionString is empty. Set it (environment variable Dashboard__Database__MigrationConnectionString) or set Dashboard:Database:ApplyMigrationsAtStartup to false.");
        }
        else if (options.Database.MigrationConnectionString.Length > 0)
        {
            ValidateConnectionString("Dashboard:Database:MigrationConnectionString", options.Database.MigrationConnectionString, errors);
        }

        if (options.RegionProbeInterval < TimeSpan.FromMilliseconds(250))
        {
            errors.Add($"Dashboard:RegionProbeInterval is {options.RegionProbeInterval}; it must be at least 250 ms.");
        }
        if (options.ProbeTimeout <= TimeSpan.Zero || options.ProbeTimeout > TimeSpan.FromSeconds(30))
        {
            errors.Add($"Dashboard:ProbeTimeout is {options.ProbeTimeout}; it must be between 0 and 30 seconds.");
        }
        if (options.Database.MaxPoolSize is < 2 or > 1000)
        {
            errors.Add($"Dashboard:Database:MaxPoolSize is {options.Database.MaxPoolSize}; it must be between 2 and 1000.");
        }
        foreach (var proxy in options.Scaleout.TrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                errors.Add($"Dashboard:Scaleout:TrustedProxies has '{proxy}', which is not an IP address.");
            }
        }
        ValidateTimeout("Dashboard:DatabaseConnectTimeout", options.DatabaseConnectTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), errors);
        ValidateTimeout("Dashboard:DatabaseCommandTimeout", options.DatabaseCommandTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), errors);
        ValidateTimeout("Dashboard:PowerDnsApiTimeout", options.PowerDnsApiTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), errors);
        ValidateTimeout("Dashboard:PropagationTimeout", options.PropagationTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), errors);
        ValidateTimeout("Dashboard:PropagationWatchLimit", options.PropagationWatchLimit, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24), errors);
        ValidateTimeout("Dashboard:Takedowns:DefaultHold", options.Takedowns.DefaultHold, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650), errors);
        foreach (var (reason, hold) in options.Takedowns.HoldByReason)
        {
            ValidateTimeout($"Dashboard:Takedowns:HoldByReason:{reason}", hold, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650), errors);
        }
        ValidateTimeout("Dashboard:Takedowns:ExpiryInterval", options.Takedowns.ExpiryInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), errors);
        if (options.PropagationWatchLimit < options.PropagationTimeout)
        {
            errors.Add($"Dashboard:PropagationWatchLimit ({options.PropagationWatchLimit}) must not be shorter than Dashboard:PropagationTimeout ({options.PropagationTimeout}).");
        }
        ValidateLag(options.Lag, options.Regions, errors);
        ValidateChecks(options.Checks, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateLag(LagOptions lag, List<RegionOptions> regions, List<string> errors)
    {
        if (lag.SampleInterval < TimeSpan.FromMilliseconds(250) || lag.SampleInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"Dashboard:Lag:SampleInterval is {lag.SampleInterval}; it must be between 250 ms and 1 minute.");
        }
        if (lag.HeartbeatInterval < TimeSpan.FromMilliseconds(50) || lag.HeartbeatInterval > lag.SampleInterval)
        {
            errors.Add($"Dashboard:Lag:HeartbeatInterval is {lag.HeartbeatInterval}; it must be at least 50 ms and at most Dashboard:Lag:SampleInterval ({lag.SampleInterval}).");
        }
        if (lag.AlertAfterSamples < 1 || lag.AlertAfterSamples > 1000)
        {
            errors.Add($"Dashboard:Lag:AlertAfterSamples is {lag.AlertAfterSamples}; it must be between 1 and 1000.");
        }
        if (lag.HistoryRetention < TimeSpan.FromDays(1))
        {
            errors.Add($"Dashboard:Lag:HistoryRetention is {lag.HistoryRetention}; it must be at least 1 day.");
        }
        ValidateThresholds("Dashboard:Lag:Thresholds", lag.Thresholds, errors);
        var replicas = regions.Where(r => r.Role == RegionRole.Replica).Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (region, thresholds) in lag.Regions)
        {
            if (!replicas.Contains(region))
            {
                errors.Add($"Dashboard:Lag:Regions:{region} names no configured replica (replicas: {(replicas.Count == 0 ? "none" : string.Join(", ", replicas.Order()))}).");
            }
            ValidateThresholds($"Dashboard:Lag:Regions:{region}", thresholds, errors);
        }
    }

    private static void ValidateChecks(ChecksOptions checks, List<string> errors)
    {
        ValidateTimeout("Dashboard:Checks:QueryTimeout", checks.QueryTimeout, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30), errors);
        ValidateCount("Dashboard:Checks:MaxConcurrentQueries", checks.MaxConcurrentQueries, 1, 1024, errors);
        ValidateCount("Dashboard:Checks:MaxConcurrentFlushes", checks.MaxConcurrentFlushes, 1, 128, errors);
        ValidateCount("Dashboard:Checks:ZoneFlushThreshold", checks.ZoneFlushThreshold, 0, 100_000, errors);
        ValidateCount("Dashboard:Checks:MaxNames", checks.MaxNames, 1, 100_000, errors);
    }

    private static void ValidateCount(string key, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} is {value}; it must be between {min} and {max}.");
        }
    }

    private static void ValidateThresholds(string key, LagThresholds? thresholds, List<string> errors)
    {
        if (thresholds is null)
        {
            errors.Add($"{key} is empty; give Warning and Critical.");
            return;
        }
        if (thresholds.Warning <= TimeSpan.Zero)
        {
            errors.Add($"{key}:Warning is {thresholds.Warning}; it must be above zero.");
        }
        if (thresholds.Warning >= thresholds.Critical)
        {
            errors.Add($"{key}:Warning ({thresholds.Warning}) must be below {key}:Critical ({thresholds.Critical}).");
        }
    }

    private static void ValidateTimeout(string key, TimeSpan value, TimeSpan min, TimeSpan max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} is {value}; it must be between {min} and {max}.");
        }
    }

    private static void ValidateRegions(List<RegionOptions> regions, List<string> errors)
    {
        if (regions.Count == 0)
        {
            errors.Add("Dashboard:Regions is empty. Configure at least the primary region (see README, Configuration).");
            return;
        }

        var primaries = regions.Count(r => r.Role == RegionRole.Primary);
        if (primaries != 1)
        {
            errors.Add($"Dashboard:Regions must have exactly one region with Role Primary; found {primaries}.");
        }

        foreach (var duplicate in regions.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"Dashboard:Regions names region '{duplicate.Key}' {duplicate.Count()} times; names must be unique.");
        }

        for (var i = 0; i < regions.Count; i++)
        {
            var region = regions[i];
            var key = $"Dashboard:Regions:{i}";
            var label = string.IsNullOrWhiteSpace(region.Name) ? key : $"{key} ({region.Name})";

            if (string.IsNullOrWhiteSpace(region.Name) || !region.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                errors.Add($"{key}:Name '{region.Name}' must be lowercase letters, digits or '-' (e.g. 'us').");
            }

            if (string.IsNullOrWhiteSpace(region.ConnectionString))
            {
                errors.Add($"{label}:ConnectionString is empty.");
            }
            else
            {
                ValidateConnectionString($"{label}:ConnectionString", region.ConnectionString, errors);
            }

            if (!TryParseEndpoint(region.DnsEndpoint, out _))
            {
                errors.Add($"{label}:DnsEndpoint '{region.DnsEndpoint}' must be an IP address and port, e.g. 127.0.0.1:15410.");
            }

            if (!Uri.TryCreate(region.PowerDnsApiUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttp && api.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{label}:PowerDnsApiUrl '{region.PowerDnsApiUrl}' must be an absolute http(s) URL, e.g. http://127.0.0.1:15420.");
            }

            if (string.IsNullOrWhiteSpace(region.PowerDnsApiKey))
            {
                errors.Add($"{label}:PowerDnsApiKey is empty. Secrets come from the environment or user secrets, never appsettings.json (see README).");
            }
        }
    }

    private static void ValidateZones(List<ZoneOptions> zones, List<string> errors)
    {
        for (var i = 0; i < zones.Count; i++)
        {
            var zone = zones[i];
            if (string.IsNullOrWhiteSpace(zone.Name) || zone.Name.EndsWith('.') || zone.Name != zone.Name.ToLowerInvariant() || zone.Name.Contains(' '))
            {
                errors.Add($"Dashboard:Zones:{i}:Name '{zone.Name}' must be a lowercase zone name without a trailing dot, e.g. free.tunnel.test.");
            }
            if (!Enum.IsDefined(zone.Tier))
            {
                errors.Add($"Dashboard:Zones:{i}:Tier must be Free or Pro.");
            }
        }

        foreach (var duplicate in zones.GroupBy(z => z.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"Dashboard:Zones names zone '{duplicate.Key}' {duplicate.Count()} times.");
        }
    }

    private static void ValidateConnectionString(string key, string value, List<string> errors)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                errors.Add($"{key} has no Host.");
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{key} is not a valid PostgreSQL connection string: {ex.Message}");
        }
    }

    internal static bool TryParseEndpoint(string value, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (!IPEndPoint.TryParse(value ?? "", out var parsed) || parsed.Port == 0)
        {
            return false;
        }
        endpoint = parsed;
        return true;
    }
}

internal static class DashboardOptionsExtensions
{
    public static bool ApplyMigrationsWithoutConnection(this DashboardOptions options) =>
        options.Database.ApplyMigrationsAtStartup && string.IsNullOrWhiteSpace(options.Database.MigrationConnectionString);

    public static RegionOptions Primary(this DashboardOptions options) =>
        options.Regions.Single(r => r.Role == RegionRole.Primary);
}
