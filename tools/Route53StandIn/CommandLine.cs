using System.Globalization;
using System.Text.Json;

namespace Route53StandIn;

internal sealed class HelpRequestedException : Exception;

/// <summary>The stand-in program's arguments, kept out of Program.cs so that tests can read them the same way.</summary>
internal static class CommandLine
{
    public static StandInOptions Parse(IReadOnlyList<string> args)
    {
        var options = new StandInOptions();
        var zones = new List<string>();
        var records = new List<StandInRecordSet>();
        var seeded = new List<StandInZone>();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--port":
                    options = options with { Port = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture) };
                    break;
                case "--pending":
                    options = options with { PendingFor = ParseDuration(Value()) };
                    break;
                case "--rate":
                    options = options with { MaxRequestsPerSecond = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture) };
                    break;
                case "--zone":
                    zones.Add(DnsNames.Canonical(Value()));
                    break;
                case "--record":
                    records.Add(ParseRecord(Value()));
                    break;
                case "--seed-file":
                    seeded.AddRange(ReadSeedFile(Value()));
                    break;
                case "-h" or "--help":
                    throw new HelpRequestedException();
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException("--port must be 0..65535");
        }

        var byZone = zones.Distinct().ToDictionary(z => z, _ => new List<StandInRecordSet>());
        foreach (var record in records)
        {
            var name = DnsNames.Canonical(record.Name);
            var zone = byZone.Keys.Where(z => DnsNames.IsInZone(name, z)).MaxBy(z => z.Length)
                ?? throw new ArgumentException($"--record {record.Name} is in no --zone");
            byZone[zone].Add(record);
        }
        var all = seeded.Concat(byZone.Select(z => new StandInZone(z.Key, z.Value))).ToList();
        if (all.Count == 0)
        {
            throw new ArgumentException("no hosted zone: give --zone or --seed-file");
        }
        return options with { Zones = all };
    }

    /// <summary>"60s", "500ms", "2m", or a plain number of seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        var value = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (value < 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentException($"--pending must be a duration of 0 or more, not '{text}'");
        }
        return TimeSpan.FromSeconds(value * unit);
    }

    /// <summary>name|type|set-identifier|region|ttl|value[,value...]</summary>
    public static StandInRecordSet ParseRecord(string text)
    {
        var fields = text.Split('|');
        if (fields.Length != 6)
        {
            throw new ArgumentException($"--record '{text}' must be name|type|set-identifier|region|ttl|values");
        }
        var values = fields[5].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new StandInRecordSet(fields[0], fields[1].ToUpperInvariant(), long.Parse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture), values,
            fields[2].Length == 0 ? null : fields[2], fields[3].Length == 0 ? null : fields[3]);
    }

    private sealed record SeedFile(List<SeedZone>? Zones);

    private sealed record SeedZone(string Name, string? Id, string? CallerReference, List<SeedRecord>? Records);

    private sealed record SeedRecord(string Name, string Type, long? Ttl, List<string>? Values, string? SetIdentifier, string? Region, string? HealthCheckId);

    public static IEnumerable<StandInZone> ReadSeedFile(string path)
    {
        var seed = JsonSerializer.Deserialize<SeedFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new ArgumentException($"{path} is empty");
        return (seed.Zones ?? []).Select(z => new StandInZone(z.Name,
            (z.Records ?? []).Select(r => new StandInRecordSet(r.Name, r.Type, r.Ttl, r.Values ?? [], r.SetIdentifier, r.Region, r.HealthCheckId)).ToList(),
            z.Id, z.CallerReference));
    }
}
