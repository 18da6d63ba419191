namespace Dashboard.Client.Live;

/// <summary>Where the live hub is mapped.</summary>
public static class LiveHubPaths
{
    public const string Hub = "/hubs/live";
}

/// <summary>
/// Methods a client may call on the live hub. Every call requires a signed-in user, and each method demands its own
/// permission on the server (a refused call fails with a <c>HubException</c> that says why).
/// </summary>
public interface ILiveHubServer
{
    /// <summary>The latest status of every region (read permission).</summary>
    Task<IReadOnlyList<RegionStatusDto>> GetRegions();

    /// <summary>Probes every region now and returns the result (run-checks permission).</summary>
    Task<IReadOnlyList<RegionStatusDto>> CheckRegionsNow();
}

/// <summary>What the hub pushes to connected clients.</summary>
public interface ILiveHubClient
{
    /// <summary>Sent after every region probe (about every 5 s), at most every 250 ms.</summary>
    Task RegionsChanged(IReadOnlyList<RegionStatusDto> regions);
}

public sealed record RegionStatusDto(
    string Name,
    string Role,
    bool Healthy,
    IReadOnlyList<string> Problems,
    DateTimeOffset CheckedAt,
    string? PowerDnsVersion,
    IReadOnlyList<ZoneSerialDto> Zones);

public sealed record ZoneSerialDto(string Zone, bool Answering, uint? Serial);
