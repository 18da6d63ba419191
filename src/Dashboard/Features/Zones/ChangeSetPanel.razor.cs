using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Zones;

/// <summary>
/// The zone's staged change set as a diff per RRset (before and after, additions and removals marked), with Apply and
/// Discard. Shows what apply did: serial and per-region propagation, the conflicting RRsets, or the errors.
/// After an apply it invokes <see cref="OnApplied"/> so the page reloads from its queries.
/// </summary>
public sealed partial class ChangeSetPanel : ComponentBase, IDisposable
{
    private ApplyResult? _result;
    private string? _error;
    private bool _applying;

    [Inject] public required ZoneEditor Editor { get; init; }
    [Inject] public required ChangeSetCommands Commands { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required ILogger<ChangeSetPanel> Logger { get; init; }

    [Parameter, EditorRequired] public required string Zone { get; set; }

    [Parameter] public EventCallback OnApplied { get; set; }

    private ChangeSet? Set => Editor.Get(Zone);

    private int Count => Set?.Count ?? 0;

    private IReadOnlyList<RRsetDiff> Diffs => Set?.Diff() ?? [];

    protected override void OnInitialized() => Editor.Changed += OnEditorChanged;

    public void Dispose() => Editor.Changed -= OnEditorChanged;

    private void OnEditorChanged()
    {
        _result = null;
        _error = null;
        _ = InvokeAsync(StateHasChanged);
    }

    private async Task ApplyAsync()
    {
        if (Set is not { } set)
        {
            return;
        }
        _applying = true;
        _result = null;
        _error = null;
        ApplyResult? result = null;
        try
        {
            var actor = await CurrentActor.GetAsync();
            result = await Commands.ApplyAsync(actor, Zone, set, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Every failure is said in words, with what was and was not written; the staged set stays for another try.
            _error = DescribeFailure(ex);
        }
        finally
        {
            _applying = false;
        }
        if (result is ApplyResult.Applied)
        {
            Editor.Discard(Zone);
        }
        // Set after Discard, whose Changed event clears the shown result.
        _result = result;
        if (_result is ApplyResult.Applied)
        {
            await OnApplied.InvokeAsync();
        }
    }

    private string DescribeFailure(Exception ex)
    {
        const string Kept = "Your staged changes are kept.";
        switch (ex)
        {
            case AccessDeniedException or NotSignedInException:
                return $"{ex.Message} Nothing was written.";
            case CommitInDoubtException inDoubt:
                Logger.LogError(ex, "Apply to {Zone}: COMMIT outcome unknown", Zone);
                return $"The connection to the primary database broke during COMMIT ({inDoubt.Reason}), so the change set may or may not have been written. {Kept} Reload the zone to see which before applying again.";
            case var _ when DatabaseFaults.IsUnavailable(ex):
                Logger.LogWarning("Apply to {Zone} refused, the primary database is unreachable: {Reason}", Zone, DatabaseFaults.Describe(ex));
                return $"Nothing was written: the primary database is unreachable ({DatabaseFaults.Describe(ex)}). {Kept} Apply again once it is back.";
            default:
                // Everything after COMMIT reports per region instead of throwing, so a failure here came before it.
                Logger.LogError(ex, "Apply to {Zone} failed", Zone);
                return $"Nothing was written: the apply failed before COMMIT ({ex.GetType().Name}: {ex.Message}). {Kept}";
        }
    }

    /// <summary>Shows an apply result as if an apply had returned it (bUnit renders results without a database).</summary>
    internal void ShowResultForTests(ApplyResult result) => _result = result;

    private void Discard()
    {
        Editor.Discard(Zone);
        _result = null;
    }

    private void Unstage(RRsetKey key)
    {
        Editor.Unstage(Zone, key);
    }

    private static string RowClass(DiffRow row) => "diff-row " + row.Kind switch
    {
        DiffKind.Added => "diff-added",
        DiffKind.Removed => "diff-removed",
        DiffKind.Changed => "diff-changed",
        DiffKind.Disabled or DiffKind.Enabled => "diff-disabled",
        _ => "",
    };

    private static string Marker(DiffRow row, bool before) => row.Kind switch
    {
        DiffKind.Added => "+",
        DiffKind.Removed => "−",
        DiffKind.Changed => before ? "−" : "+",
        DiffKind.Disabled => "⊘",
        DiffKind.Enabled => "✓",
        _ => " ",
    };
}
