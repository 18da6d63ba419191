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
    private string? _reason;

    [Inject] public required ZoneEditor Editor { get; init; }
    [Inject] public required ChangeSetCommands Commands { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }

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
        try
        {
            var actor = await CurrentActor.GetAsync();
            var result = await Commands.ApplyAsync(actor, Zone, set, _reason, CancellationToken.None);
            if (result is ApplyResult.Applied)
            {
                Editor.Discard(Zone);
                _reason = null;
            }
            // Set after Discard, whose Changed event clears the shown result.
            _result = result;
        }
        catch (Exception ex) when (ex is AccessDeniedException or NotSignedInException)
        {
            _error = ex.Message;
        }
        finally
        {
            _applying = false;
        }
        if (_result is ApplyResult.Applied)
        {
            await OnApplied.InvokeAsync();
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
