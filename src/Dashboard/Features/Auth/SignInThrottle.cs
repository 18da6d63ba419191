using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>
/// Failed sign-ins counted per (user name as typed, client address), not per account: a guesser at one address locks
/// only their own attempts on that name, never the account for everyone else, and a name that does not exist is
/// throttled exactly like one that does (so the answer says nothing about which accounts exist). Singleton,
/// thread-safe; time from <see cref="TimeProvider"/>. Bounded: past <see cref="MaxEntries"/> expired entries are dropped.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInOptions> options, TimeProvider time)
{
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(string Name, string Client), Entry> _entries = new();

    /// <summary>Whether this name may not be tried from this client now.</summary>
    public bool IsBlocked(string userName, string client)
    {
        var now = time.GetUtcNow();
        return _entries.TryGetValue(Key(userName, client), out var entry) && entry.BlockedUntil > now;
    }

    /// <summary>Counts a failure; the <see cref="SignInOptions.MaxFailures"/>th within the window blocks the pair for the lockout time.</summary>
    public void RecordFailure(string userName, string client)
    {
        var now = time.GetUtcNow();
        var window = options.Value.LockoutDuration;
        _entries.AddOrUpdate(
            Key(userName, client),
            _ => Count(new Entry(now, 0, DateTimeOffset.MinValue), now),
            (_, entry) => Count(now - entry.FirstFailure > window && entry.BlockedUntil <= now ? new Entry(now, 0, DateTimeOffset.MinValue) : entry, now));
        if (_entries.Count > MaxEntries)
        {
            Prune(now);
        }
    }

    /// <summary>A successful sign-in forgets the pair's failures.</summary>
    public void RecordSuccess(string userName, string client) => _entries.TryRemove(Key(userName, client), out _);

    private Entry Count(Entry entry, DateTimeOffset now)
    {
        var failures = entry.Failures + 1;
        var blockedUntil = failures >= options.Value.MaxFailures ? now + options.Value.LockoutDuration : entry.BlockedUntil;
        return entry with { Failures = failures, BlockedUntil = blockedUntil };
    }

    private void Prune(DateTimeOffset now)
    {
        var window = options.Value.LockoutDuration;
        foreach (var (key, entry) in _entries)
        {
            if (entry.BlockedUntil <= now && now - entry.FirstFailure > window)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    // User names are case-insensitive in Identity; "Alice" and "alice " are one name.
    private static (string, string) Key(string userName, string client) => (userName.Trim().ToUpperInvariant(), client);

    private sealed record Entry(DateTimeOffset FirstFailure, int Failures, DateTimeOffset BlockedUntil);
}
