using Dashboard.Components.Shared;
using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Zones;

/// <summary>
/// The zone page's history: its last <see cref="Limit"/> changes made through the dashboard (change sets, imports,
/// creation), each with who made it and its stored propagation timeline. While a shown change is still being
/// confirmed somewhere, it is read again every <see cref="ReadAgainWhile.Interval"/>, so a region that turns visible
/// minutes later shows without a reload; and it is read again whenever a change to the zone is committed or its
/// timeline saved, by anyone on any instance (<see cref="ZoneChangeNotices"/>). Shown only to those who may read the audit.
/// </summary>
public sealed partial class ZoneHistory : IDisposable
{
    public const int Limit = 10;

    private ReadAgainWhile _reads = null!;
    private IReadOnlyList<ZoneHistoryItem>? _items;
    private string? _failed;
    private string? _loadedZone;
    private IDisposable? _notices;

    [Inject] public required PropagationLog Log { get; init; }
    [Inject] public required ZoneChangeNotices Notices { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ILogger<ZoneHistory> Logger { get; init; }

    [Parameter, EditorRequired] public required string Zone { get; set; }
    [Parameter, EditorRequired] public required Actor Actor { get; set; }

    protected override void OnInitialized() => _reads = new ReadAgainWhile(Time);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedZone != Zone)
        {
            _loadedZone = Zone;
            _notices?.Dispose();
            _notices = Notices.Subscribe(Dns.DnsName.Normalize(Zone), () => _ = InvokeAsync(RefreshAsync));
            await RefreshAsync();
        }
    }

    /// <summary>Reads the history again (after this page applied a change), and keeps reading while a change is being confirmed.</summary>
    public async Task RefreshAsync()
    {
        try
        {
            _items = await Log.ForZoneAsync(Actor, Dns.DnsName.Normalize(Zone), Limit, _reads.Stopped);
            _failed = null;
        }
        catch (Exception ex) when (!_reads.Stopped.IsCancellationRequested && DatabaseFaults.IsUnavailable(ex))
        {
            Logger.LogWarning(ex, "Could not read {Zone}'s history", Zone);
            _failed = $"The history could not be read: {DatabaseFaults.Describe(ex)}.";
        }
        catch (OperationCanceledException) when (_reads.Stopped.IsCancellationRequested)
        {
            return;
        }
        StateHasChanged();
        _reads.StartIfNeeded(() => _items?.Any(i => i.Timeline.EndedAt is null && !i.Timeline.Abandoned) == true, InvokeAsync, RefreshAsync);
    }

    internal static string Describe(ZoneHistoryItem item)
    {
        var what = item.Action switch
        {
            AuditActions.ZoneImport => "zone import",
            AuditActions.ZoneCreate => "zone created",
            AuditActions.ZoneDelete => "zone deleted",
            AuditActions.SoaEdit => "SOA edited",
            null => "change",
            var action => $"{action} {item.Name} {item.Type}".TrimEnd(),
        };
        var more = item.Changes - 1;
        return (more <= 0 ? what
            : item.Action == AuditActions.ZoneImport ? $"{what} of {more} change{(more == 1 ? "" : "s")}"
            : $"{what} and {more} more change{(more == 1 ? "" : "s")}") + Reason(item);
    }

    private static string Reason(ZoneHistoryItem item) => item.Reason is { } reason ? $" — {reason}" : "";

    public void Dispose()
    {
        _notices?.Dispose();
        _reads?.Dispose();
    }
}
