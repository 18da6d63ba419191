using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Zones;

namespace Dashboard.Components.Tests;

/// <summary>An in-memory <see cref="IStagedChangeSetStore"/> with the real one's version rule (the real one is integration-tested).</summary>
public sealed class TestStagedChangeSetStore : IStagedChangeSetStore
{
    private readonly Dictionary<(string User, string Zone), (string Json, Guid Version)> _saved = [];

    public int Saves { get; private set; }

    public bool Has(string userId, string zone) => _saved.ContainsKey((userId, DnsName.Normalize(zone)));

    public Task<SavedChangeSet> GetAsync(Actor actor, string zone, ZonePolicy policy, CancellationToken ct)
    {
        zone = DnsName.Normalize(zone);
        return Task.FromResult(_saved.TryGetValue((actor.UserId, zone), out var saved)
            ? new SavedChangeSet(StagedChangeSetStore.Read(zone, policy, saved.Json), saved.Version)
            : new SavedChangeSet(new ChangeSet(zone, policy), null));
    }

    public Task<Guid?> SaveAsync(Actor actor, ChangeSet set, Guid? expected, CancellationToken ct)
    {
        Check(actor.UserId, set.Zone, expected);
        Saves++;
        if (set.IsEmpty)
        {
            _saved.Remove((actor.UserId, set.Zone));
            return Task.FromResult<Guid?>(null);
        }
        var version = Guid.NewGuid();
        _saved[(actor.UserId, set.Zone)] = (StagedChangeSetStore.Write(set), version);
        return Task.FromResult<Guid?>(version);
    }

    public Task DiscardAsync(Actor actor, string zone, Guid? expected, CancellationToken ct)
    {
        zone = DnsName.Normalize(zone);
        Check(actor.UserId, zone, expected);
        _saved.Remove((actor.UserId, zone));
        return Task.CompletedTask;
    }

    private void Check(string user, string zone, Guid? expected)
    {
        var found = _saved.TryGetValue((user, zone), out var saved) ? saved.Version : (Guid?)null;
        if (found != expected && found is not null)
        {
            throw new StagedSetChangedException(zone);
        }
    }
}
