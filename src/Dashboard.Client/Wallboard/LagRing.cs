using Dashboard.Client.Live;

namespace Dashboard.Client.Wallboard;

/// <summary>
/// One replica's chart points: a fixed-size ring, oldest first, strictly increasing in time, never holding more than
/// <see cref="Capacity"/> points or anything older than <see cref="Window"/> before the newest point, however long the
/// wallboard runs. Not thread-safe: the wallboard touches it on its one renderer thread.
/// </summary>
public sealed class LagRing
{
    private readonly LagPointDto[] _points;
    private int _start;
    private int _count;

    public LagRing(int capacity, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _points = new LagPointDto[capacity];
        Window = window;
    }

    public int Capacity => _points.Length;
    public TimeSpan Window { get; }
    public int Count => _count;

    public LagPointDto? Newest => _count == 0 ? null : _points[(_start + _count - 1) % Capacity];

    /// <summary>Appends a point newer than the newest; an older or repeated one (a late push) is ignored.</summary>
    /// <returns>Whether the point was kept.</returns>
    public bool Add(LagPointDto point)
    {
        if (Newest is { } newest && point.At <= newest.At)
        {
            return false;
        }
        if (_count == Capacity)
        {
            _start = (_start + 1) % Capacity;
            _count--;
        }
        _points[(_start + _count) % Capacity] = point;
        _count++;
        TrimOlderThan(point.At - Window);
        return true;
    }

    /// <summary>
    /// Merges the server's history (after a reconnect) with what the ring holds: one point per instant (the ring's own
    /// point wins a tie, it is the one already drawn), oldest first, the newest <see cref="Capacity"/> within the window.
    /// </summary>
    public void Merge(IEnumerable<LagPointDto> history)
    {
        var merged = new SortedDictionary<DateTimeOffset, LagPointDto>();
        foreach (var point in history)
        {
            merged[point.At] = point;
        }
        foreach (var point in Points())
        {
            merged[point.At] = point;
        }
        _start = 0;
        _count = 0;
        Array.Clear(_points);
        foreach (var point in merged.Values.Skip(Math.Max(0, merged.Count - Capacity)))
        {
            Add(point);
        }
    }

    /// <summary>The points, oldest first (a copy).</summary>
    public IReadOnlyList<LagPointDto> Points()
    {
        var copy = new LagPointDto[_count];
        for (var i = 0; i < _count; i++)
        {
            copy[i] = _points[(_start + i) % Capacity];
        }
        return copy;
    }

    private void TrimOlderThan(DateTimeOffset cutoff)
    {
        while (_count > 0 && _points[_start].At < cutoff)
        {
            _points[_start] = null!;
            _start = (_start + 1) % Capacity;
            _count--;
        }
    }
}
