using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>
/// The zone's staged change set as a diff per RRset (before and after, additions and removals marked), with Apply and
/// Discard. Shows what apply did: serial and per-region propagation, the conflicting RRsets, or the errors.
/// After an apply it invokes <see cref="OnApplied"/> so the page reloads from its queries. A conflict shows what
/// changed underneath (<see cref="StagedConflictView"/>) and re-stages the edits on the current data in one click.
/// Discard asks first.
/// </summary>
public sealed partial class ChangeSetPanel : ComponentBase, IDisposable
{
    private ApplyResult? _result;
    private string? _error;
    private bool _applying;
    private IReadOnlyList<StagedConflict> _conflicts = [];
    private IReadOnlyList<string> _rebaseErrors = [];
    private string? _reason;

    [Inject] public required ZoneEditor Editor { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ILogger<ChangeSetPanel> Logger { get; init; }

    [Parameter, EditorRequired] public required string Zone { get; set; }

    [Parameter] public EventCallback OnApplied { get; set; }

    /// <summary>Invoked when an apply was refused because stored data changed: the page reloads its grid from the queries.</summary>
    [Parameter] public EventCallback OnConflict { get; set; }

    private ChangeSet? Set => Editor.Get(Zone);

    private int Count => Set?.Count ?? 0;

    /// <summary>
    /// RRsets shown per page of the diff. A 5,000-change import rendered whole kept about 200 MB of render state per
    /// open page (issue #7's memory growth); an operator reads a large set a page at a time anyway.
    /// </summary>
    public const int DiffPageSize = 100;

    private int _diffPage;
    private ChangeSet? _diffSource;
    private IReadOnlyList<RRsetDiff> _diffs = [];

    /// <summary>The staged diff, computed once per version of the set rather than on every render.</summary>
    private IReadOnlyList<RRsetDiff> Diffs
    {
        get
        {
            var set = Set;
            if (!ReferenceEquals(set, _diffSource))
            {
                _diffSource = set;
                _diffs = set?.Diff() ?? [];
            }
            return _diffs;
        }
    }

    private int DiffPages => Math.Max(1, (Diffs.Count + DiffPageSize - 1) / DiffPageSize);

    /// <summary>The page shown, counted from 0 (clamped when the set shrank under it).</summary>
    private int CurrentDiffPage => Math.Min(_diffPage, DiffPages - 1);

    private IEnumerable<RRsetDiff> DiffPage => Diffs.Skip(CurrentDiffPage * DiffPageSize).Take(DiffPageSize);

    private string DiffRange
    {
        get
        {
            var first = CurrentDiffPage * DiffPageSize;
            return $"RRsets {first + 1:N0}–{Math.Min(first + DiffPageSize, Diffs.Count):N0} of {Diffs.Count:N0}";
        }
    }

    private void ShowDiffPage(int page) => _diffPage = Math.Clamp(page - 1, 0, DiffPages - 1);

    protected override void OnInitialized() => Editor.Changed += OnEditorChanged;

    public void Dispose() => Editor.Changed -= OnEditorChanged;

    private void OnEditorChanged()
    {
        _diffSource = null;
        _result = null;
        _error = null;
        _conflicts = [];
        _rebaseErrors = [];
        _ = InvokeAsync(StateHasChanged);
    }

    private async Task ApplyAsync()
    {
        if (Set is null)
        {
            return;
        }
        _applying = true;
        _result = null;
        _error = null;
        ApplyResult? result = null;
        IReadOnlyList<StagedConflict> conflicts = [];
        try
        {
            result = await Editor.ApplyAsync(Zone, _reason, CancellationToken.None);
            if (result is ApplyResult.Applied)
            {
                _reason = null;
            }
            else if (result is ApplyResult.Conflict)
            {
                conflicts = await Editor.ConflictsAsync(Zone, CancellationToken.None);
            }
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
        // Set after the editor's Changed events (an apply clears the set), which clear the shown result.
        _result = result;
        _conflicts = conflicts;
        _rebaseErrors = [];
        if (_result is ApplyResult.Applied)
        {
            await OnApplied.InvokeAsync();
        }
        else if (_result is ApplyResult.Conflict)
        {
            await OnConflict.InvokeAsync();
        }
    }

    /// <summary>Re-stages the conflicting edits on the data the conflict view shows; the new diff replaces the conflict.</summary>
    private async Task RebaseAsync()
    {
        var conflicts = _conflicts;
        var result = _result;
        _applying = true;
        try
        {
            var errors = await Editor.RebaseAsync(Zone, conflicts);
            if (errors.Count > 0)
            {
                _result = result;
                _conflicts = conflicts;
                _rebaseErrors = errors;
            }
        }
        finally
        {
            _applying = false;
        }
    }

    private string DescribeFailure(Exception ex) =>
        CommandFailure.Describe(ex, "the apply", "the change set", "Your staged changes are kept.", "Apply again once it is back.", Logger, Zone);

    /// <summary>Shows an apply result as if an apply had returned it (bUnit renders results without a database).</summary>
    internal void ShowResultForTests(ApplyResult result) => _result = result;

    private async Task DiscardAsync()
    {
        var parameters = new DialogParameters<ConfirmDiscardDialog>
        {
            { d => d.Zone, Zone },
            { d => d.Count, Count },
        };
        var dialog = await Dialogs.ShowAsync<ConfirmDiscardDialog>("Discard staged changes?", parameters, new DialogOptions { CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            await Editor.DiscardAsync(Zone);
            _result = null;
        }
    }

    private Task UnstageAsync(RRsetKey key) => Editor.UnstageAsync(Zone, key);

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
