using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Zones;

/// <summary>
/// Hands a zone file staged over HTTP (<see cref="ZoneImportEndpoint"/>) to the page that sent it: the endpoint parks
/// the staged change set under a random token, and the page's circuit takes it, once, for the same user and zone.
/// Sets not taken within <see cref="ImportOptions.UploadLifetime"/> are dropped. Singleton, thread-safe.
/// </summary>
public sealed class ImportUploads(TimeProvider time, IOptions<ImportOptions> options)
{
    /// <summary>At most this many parked uploads; the oldest go first (each may hold a large change set).</summary>
    public const int MaxParked = 64;

    private readonly ConcurrentDictionary<string, Parked> _parked = new(StringComparer.Ordinal);

    public string Park(string userId, ChangeSet set)
    {
        DropExpired();
        foreach (var oldest in _parked.OrderBy(p => p.Value.Expires).Take(Math.Max(0, _parked.Count - MaxParked + 1)))
        {
            _parked.TryRemove(oldest.Key, out _);
        }
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        _parked[token] = new Parked(userId, set, time.GetUtcNow() + options.Value.UploadLifetime);
        return token;
    }

    /// <summary>The change set parked under <paramref name="token"/> by this user for this zone, removed; null when there is none (or it expired).</summary>
    public ChangeSet? Take(string token, string userId, string zone)
    {
        DropExpired();
        if (!_parked.TryGetValue(token, out var parked) || parked.UserId != userId || parked.Set.Zone != Dns.DnsName.Normalize(zone))
        {
            return null;
        }
        return _parked.TryRemove(token, out parked) ? parked.Set : null;
    }

    private void DropExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (token, parked) in _parked)
        {
            if (parked.Expires <= now)
            {
                _parked.TryRemove(token, out _);
            }
        }
    }

    private sealed record Parked(string UserId, ChangeSet Set, DateTimeOffset Expires);
}
