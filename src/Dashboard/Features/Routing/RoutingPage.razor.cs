using System.Globalization;
using Dashboard.Components.Shared;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Route53;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Routing;

/// <summary>
/// The Routing page: each entry name's latency records with their rotation and their region's health; taking a region
/// out of rotation and putting it back (one confirmed action each); edits, additions and removals staged and sent as
/// one batch; and the latest change followed from PENDING to INSYNC. Readers see it all; only
/// <see cref="Permission.EditRouting"/> gets the buttons, and the commands demand it again.
/// </summary>
public sealed partial class RoutingPage : IDisposable
{
    private readonly List<StagedRoutingChange> _staged = [];
    private ReadAgainWhile _reads = null!;
    private Actor _actor = null!;
    private RoutingView? _view;
    private string? _notConfigured;
    private string? _loadError;
    private bool _canEdit;
    private bool _busy;
    private string? _comment;
    private IReadOnlyList<string> _sendErrors = [];
    private long? _latestId;

    [Inject] public required RoutingQueries Queries { get; init; }
    [Inject] public required RoutingCommands Commands { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ILogger<RoutingPage> Logger { get; init; }

    /// <summary>The change this page sent last, or else the newest one.</summary>
    private RoutingChangeRow? Latest => _view?.RecentChanges.FirstOrDefault(c => c.Id == _latestId) ?? _view?.RecentChanges.FirstOrDefault();

    protected override async Task OnInitializedAsync()
    {
        _reads = new ReadAgainWhile(Time);
        _actor = await CurrentActor.GetAsync();
        _canEdit = _actor.Can(Permission.EditRouting);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _view = await Queries.LoadAsync(_actor, _reads.Stopped);
            _loadError = null;
        }
        catch (RoutingNotConfiguredException ex)
        {
            _notConfigured = ex.Message;
        }
        catch (Exception ex) when (Unavailable(ex) is { } words)
        {
            Logger.LogWarning(ex, "Could not read the routing records");
            _loadError = $"The routing records could not be read: {words}";
        }
        catch (OperationCanceledException) when (_reads.Stopped.IsCancellationRequested)
        {
            return;
        }
        FollowChanges();
    }

    /// <summary>While a change is being sent or is PENDING, its status is read again; the records once it is in sync.</summary>
    private void FollowChanges() =>
        _reads.StartIfNeeded(() => _view?.RecentChanges.Any(Unsettled) == true, InvokeAsync, async () =>
        {
            try
            {
                var before = _view!.RecentChanges.Where(Unsettled).Select(c => c.Id).ToHashSet();
                var recent = await Queries.RecentAsync(_actor, _reads.Stopped);
                _view = _view with { RecentChanges = recent };
                if (recent.Any(c => before.Contains(c.Id) && !Unsettled(c)))
                {
                    await LoadAsync();
                }
            }
            catch (Exception ex) when (Unavailable(ex) is not null)
            {
                Logger.LogWarning(ex, "Could not read the routing changes");
            }
            StateHasChanged();
        });

    private static bool Unsettled(RoutingChangeRow change) => change.Status is RoutingChangeStatus.Pending or RoutingChangeStatus.Sending;

    private async Task TakeOutAsync(LatencyRoute route) =>
        await RotateAsync(true, RoutingWords.TakeOutEffect(route), $"Take {route.PlatformRegion ?? route.SetIdentifier} out of rotation",
            reason => Commands.TakeOutAsync(_actor, route.EntryName, route.SetIdentifier, reason, CancellationToken.None));

    private async Task PutBackAsync(LatencyRoute route) =>
        await RotateAsync(false, RoutingWords.PutBackEffect(route), $"Put {route.PlatformRegion ?? route.SetIdentifier} back in rotation",
            reason => Commands.PutBackAsync(_actor, route.Parked!.Id, reason, CancellationToken.None));

    private async Task RotateAsync(bool takingOut, string effect, string title, Func<string, Task<RoutingResult>> send)
    {
        var parameters = new DialogParameters<RotationDialog>
        {
            { d => d.TakingOut, takingOut },
            { d => d.Effect, effect },
            { d => d.TrySend, async reason => await Outcome(send(reason)) },
        };
        var dialog = await Dialogs.ShowAsync<RotationDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        await dialog.Result;
        await LoadAsync();
    }

    private async Task AddAsync(string entryName) => await StageFromDialogAsync(entryName, null);

    private async Task EditAsync(LatencyRoute route) => await StageFromDialogAsync(route.EntryName, route.Set);

    private async Task StageFromDialogAsync(string entryName, ResourceRecordSet? existing)
    {
        var parameters = new DialogParameters<RoutingRecordDialog>
        {
            { d => d.EntryName, entryName },
            { d => d.Existing, existing },
        };
        var dialog = await Dialogs.ShowAsync<RoutingRecordDialog>(existing is null ? $"Add a latency record to {entryName}" : $"Edit {entryName} [{existing.SetIdentifier}]", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: ResourceRecordSet set })
        {
            Stage(new StagedRoutingChange(existing is null ? ChangeAction.Create : ChangeAction.Upsert, set, existing));
        }
    }

    private void StageRemove(LatencyRoute route) => Stage(new StagedRoutingChange(ChangeAction.Delete, route.Set, route.Set));

    /// <summary>One staged change per record: a later one for the same record replaces the earlier.</summary>
    private void Stage(StagedRoutingChange change)
    {
        _staged.RemoveAll(s => RoutingWords.Absolute(s.Set.Name) == RoutingWords.Absolute(change.Set.Name) && s.Set.SetIdentifier == change.Set.SetIdentifier);
        _staged.Add(change);
        _sendErrors = [];
    }

    private void Unstage(StagedRoutingChange change) => _staged.Remove(change);

    private void Discard()
    {
        _staged.Clear();
        _sendErrors = [];
    }

    private async Task SendAsync()
    {
        _sendErrors = await Outcome(Commands.SendAsync(_actor, [.. _staged], _comment, CancellationToken.None));
        if (_sendErrors.Count == 0)
        {
            _staged.Clear();
            _comment = null;
        }
        await LoadAsync();
    }

    /// <summary>Runs a command; the errors to show (none when Route 53 accepted it), and the change to follow.</summary>
    private async Task<IReadOnlyList<string>> Outcome(Task<RoutingResult> command)
    {
        _busy = true;
        try
        {
            switch (await command)
            {
                case RoutingResult.Sent sent:
                    _latestId = sent.Change.Id;
                    return [];
                case RoutingResult.Refused refused:
                    _latestId = refused.Change.Id;
                    return [refused.Message];
                case RoutingResult.Unknown unknown:
                    _latestId = unknown.Change.Id;
                    return [unknown.Message];
                case RoutingResult.Invalid invalid:
                    return invalid.Errors;
                default:
                    return ["The change was not sent."];
            }
        }
        catch (Exception ex) when (Unavailable(ex) is { } words)
        {
            Logger.LogWarning(ex, "A routing change failed");
            return [$"Nothing was sent: {words}"];
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Why Route 53 or the database could not be reached, in words; null for anything else.</summary>
    private static string? Unavailable(Exception ex) => ex switch
    {
        Route53Exception r53 => $"Route 53 answered {r53.Code}: {r53.ErrorMessage}",
        HttpRequestException http => $"Route 53 did not answer ({http.Message})",
        TimeoutException or TaskCanceledException => "Route 53 did not answer in time",
        _ when DatabaseFaults.IsUnavailable(ex) => DatabaseFaults.Describe(ex),
        _ => null,
    };

    private string StatusWords(RoutingChangeRow change) => change.Status switch
    {
        RoutingChangeStatus.Sending => "Sending to Route 53…",
        RoutingChangeStatus.Pending => $"PENDING for {Seconds(Time.GetUtcNow() - (change.SubmittedAt ?? change.CreatedAt))} (change {change.ChangeId})",
        RoutingChangeStatus.Insync => $"INSYNC after {Seconds(change.InsyncAt!.Value - (change.SubmittedAt ?? change.CreatedAt))} (change {change.ChangeId})",
        RoutingChangeStatus.Refused => "Refused by Route 53: nothing changed",
        _ => "Unknown: no answer came from Route 53",
    };

    private static MudBlazor.Severity SeverityOf(RoutingChangeRow change) => change.Status switch
    {
        RoutingChangeStatus.Insync => MudBlazor.Severity.Success,
        RoutingChangeStatus.Pending or RoutingChangeStatus.Sending => MudBlazor.Severity.Info,
        _ => MudBlazor.Severity.Error,
    };

    private static string Seconds(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, elapsed.TotalSeconds):0} s");

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public void Dispose() => _reads?.Dispose();
}
