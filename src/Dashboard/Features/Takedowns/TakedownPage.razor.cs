using System.Globalization;
using Dashboard.Components.Shared;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Takedowns;

/// <summary>One takedown: its evidence, the records removed, each change's verification timeline, its history, and the restore.</summary>
public sealed partial class TakedownPage : IDisposable
{
    private ReadAgainWhile _reads = null!;
    private TakedownDetail? _detail;
    private bool _loaded;
    private string? _error;
    private string _restoreReason = "";
    private bool _restoring;
    private IReadOnlyList<string> _restoreErrors = [];
    private PropagationRun? _run;
    private string? _runSummary;
    private Actor _actor = null!;

    [Inject] public required TakedownQueries Queries { get; init; }
    [Inject] public required TakedownCommands Commands { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required ILogger<TakedownPage> Logger { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    [Parameter] public long Id { get; set; }

    protected override void OnInitialized() => _reads = new ReadAgainWhile(Time);

    protected override async Task OnParametersSetAsync()
    {
        _actor = await CurrentActor.GetAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _detail = await Queries.GetAsync(_actor, Id, CancellationToken.None);
            _error = null;
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            Logger.LogWarning(ex, "Could not read takedown {Id}", Id);
            _error = $"The takedown could not be read: {DatabaseFaults.Describe(ex)}.";
        }
        _loaded = true;
        _reads.StartIfNeeded(() => BeingConfirmed, InvokeAsync, async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    /// <summary>A stored verification not finished yet: read again while the page is open, as the zone history does.</summary>
    private bool BeingConfirmed =>
        _detail is { } detail && new[] { detail.Removal, detail.Restore }.Any(t => t is { EndedAt: null, Abandoned: false });

    public void Dispose() => _reads?.Dispose();

    private async Task RestoreAsync()
    {
        _restoring = true;
        try
        {
            switch (await Commands.RestoreAsync(_actor, Id, _restoreReason, CancellationToken.None))
            {
                case TakedownResult.Done done:
                    _restoreErrors = [];
                    _run = done.Propagation;
                    _runSummary = $"Restored {done.Name}; the zone's serial is now {done.Serial}. Each region counts once its PowerDNS answers the records again.";
                    await LoadAsync();
                    break;
                case TakedownResult.Invalid invalid:
                    _restoreErrors = invalid.Errors;
                    break;
            }
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            Logger.LogWarning(ex, "Restore of takedown {Id} failed", Id);
            _restoreErrors = [$"Nothing was restored: {DatabaseFaults.Describe(ex)}."];
        }
        finally
        {
            _restoring = false;
        }
    }

    private static string StatusText(TakedownRow t) => t.Status switch
    {
        TakedownStatus.Active => "active: the name is held",
        TakedownStatus.Restored => $"restored {Utc(t.EndedAt!.Value)} by {t.EndedBy}: {t.EndReason}",
        _ => $"expired {Utc(t.EndedAt!.Value)}: the hold ran out",
    };

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
