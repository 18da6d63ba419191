using System.Diagnostics;
using System.Text;
using Dashboard.Components.Shared;
using Dashboard.Configuration;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Dashboard.Features.Checks;

public partial class ChecksPage
{
    /// <summary>The most text the names field or a file may hold: 1,000 names of the longest kind, with line ends.</summary>
    private const int MaxTextBytes = 1024 * 1024;
    private static readonly TimeSpan RenderEvery = TimeSpan.FromMilliseconds(200);

    private ElementReference _namesInput;
    private IJSObjectReference? _module;
    private string _initialNames = "";
    private string? _fileNote;
    private readonly HashSet<string> _types = new(StringComparer.OrdinalIgnoreCase) { "A" };
    private readonly HashSet<string> _regions = new(StringComparer.OrdinalIgnoreCase);
    private IReadOnlyList<string> _errors = [];
    private IReadOnlyList<string> _ignored = [];
    private CheckTable? _table;
    private int _version;
    private int _runs;
    private long _clicked;
    private CancellationTokenSource? _run;
    private string? _lastQuery;

    [Inject] public required ResolutionChecks Checks { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required IOptions<DashboardOptions> Options { get; init; }
    [Inject] public required ILogger<ChecksPage> Logger { get; init; }

    // A short check lives in the URL, so its result can be pasted into a ticket; opening that URL runs it again.
    [SupplyParameterFromQuery(Name = DashboardUrls.ChecksQuery.Names)] public string? Names { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.ChecksQuery.Types)] public string? Types { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.ChecksQuery.Regions)] public string? Regions { get; set; }

    private IReadOnlyList<string> ConfiguredRegions => Options.Value.Regions.Select(r => r.Name).ToList();
    private int MaxNames => Options.Value.Checks.MaxNames;
    private bool Running => _run is not null;
    private bool AllTypes => CheckPlan.CheckableTypes.All(t => _types.Contains(t.Mnemonic()));

    protected override void OnInitialized()
    {
        _regions.UnionWith(ConfiguredRegions);
    }

    protected override async Task OnParametersSetAsync()
    {
        var query = $"{Names}|{Types}|{Regions}";
        if (query == _lastQuery || string.IsNullOrEmpty(Names))
        {
            return;
        }
        _lastQuery = query;
        // Read defensively: a crafted value is dropped and named, never run.
        var reader = new QueryReader();
        var names = reader.Text(DashboardUrls.ChecksQuery.Names, Names);
        var types = reader.Text(DashboardUrls.ChecksQuery.Types, Types);
        var regions = reader.Text(DashboardUrls.ChecksQuery.Regions, Regions);
        _ignored = reader.Ignored;
        if (names is null)
        {
            return;
        }
        _initialNames = string.Join('\n', Split(names));
        if (types is not null)
        {
            _types.Clear();
            _types.UnionWith(Split(types));
        }
        if (regions is not null)
        {
            _regions.Clear();
            _regions.UnionWith(Split(regions));
        }
        await StartAsync(Split(names));
    }

    private async Task RunAsync()
    {
        _clicked = Stopwatch.GetTimestamp();
        // Who runs it is asked of the database while the names are read, not after: one round trip off the click's path.
        var actor = CurrentActor.GetAsync();
        string[] lines;
        try
        {
            var module = await ModuleAsync();
            var text = await module.InvokeAsync<IJSStreamReference>("readText", _namesInput);
            await using var stream = await text.OpenReadStreamAsync(MaxTextBytes);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            lines = (await reader.ReadToEndAsync()).Split('\n');
        }
        catch
        {
            Forget(actor);
            throw;
        }
        await StartAsync(lines, actor);
    }

    /// <param name="actor">The actor already being resolved (a click), or null to resolve it once the names validate.</param>
    private async Task StartAsync(IReadOnlyList<string> lines, Task<Actor>? actor = null)
    {
        var read = _clicked == 0 ? 0 : Stopwatch.GetElapsedTime(_clicked).TotalMilliseconds;
        var validation = Checks.Validate(lines, _types, _regions);
        _errors = validation.Errors;
        if (validation.Plan is not { } plan)
        {
            Forget(actor);
            return;
        }
        var url = DashboardUrls.ChecksUrl(plan.Names, plan.Types.Select(t => t.Mnemonic()), plan.Regions.Count == ConfiguredRegions.Count ? null : plan.Regions.Select(r => r.Name));
        _lastQuery = url == DashboardUrls.ChecksPath ? _lastQuery : $"{string.Join(',', plan.Names)}|{string.Join(',', plan.Types.Select(t => t.Mnemonic()))}|{(plan.Regions.Count == ConfiguredRegions.Count ? null : string.Join(',', plan.Regions.Select(r => r.Name)))}";
        Navigation.NavigateTo(url, replace: true);

        _run?.Cancel();
        using var run = _run = new CancellationTokenSource();
        var table = _table = new CheckTable(plan);
        _runs++;
        var who = await (actor ?? CurrentActor.GetAsync(run.Token));
        // The stream is read off the circuit's thread and applied in batches on it: one dispatch per render, not per
        // cell (3,000 dispatches cost more than the queries themselves).
        var pending = new List<CheckEvent>();
        var cells = 0;
        var lastRender = Stopwatch.GetTimestamp();
        try
        {
            await foreach (var item in Checks.RunAsync(who, plan, run.Token).ConfigureAwait(false))
            {
                pending.Add(item);
                var lastCell = item is CellChecked && ++cells == plan.CellCount;
                if (lastCell && _clicked != 0)
                {
                    Logger.LogInformation("Check of {Cells} cells by {User}: names read {ReadMs:0} ms, last cell {LastCellMs:0} ms after Run",
                        plan.CellCount, who.UserName, read, Stopwatch.GetElapsedTime(_clicked).TotalMilliseconds);
                }
                // Throttled, but the last cell is shown at once (flushes may still run after it).
                if (lastCell || Stopwatch.GetElapsedTime(lastRender) >= RenderEvery)
                {
                    var batch = pending;
                    pending = [];
                    await InvokeAsync(() => ApplyAndRender(table, batch));
                    lastRender = Stopwatch.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            // Stopped, or a new check started: the cells so far stay; the misses drawn are still flushed.
        }
        finally
        {
            await InvokeAsync(() =>
            {
                if (_run == run)
                {
                    _run = null;
                }
                ApplyAndRender(table, pending);
            });
        }
    }

    /// <summary>An actor resolved for a run that did not start: its failure (signed out since, primary down) is not reported.</summary>
    private static void Forget(Task<Actor>? actor) =>
        actor?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void ApplyAndRender(CheckTable table, List<CheckEvent> batch)
    {
        foreach (var item in batch)
        {
            table.Apply(item);
        }
        Render();
    }

    private void Render()
    {
        _version++;
        StateHasChanged();
    }

    private void Stop() => _run?.Cancel();

    private async Task LoadFileAsync(InputFileChangeEventArgs e)
    {
        try
        {
            await using var stream = e.File.OpenReadStream(MaxTextBytes);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            await (await ModuleAsync()).InvokeVoidAsync("setText", _namesInput, text);
            _fileNote = $"{e.File.Name}: {text.Split('\n').Count(l => l.Trim().Length > 0)} names";
        }
        catch (IOException ex)
        {
            _fileNote = $"{e.File.Name} was not read: {ex.Message}";
        }
    }

    private async Task DownloadCsvAsync()
    {
        if (_table is null)
        {
            return;
        }
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(CheckCsv.Write(_table)));
        using var reference = new DotNetStreamReference(stream);
        await (await ModuleAsync()).InvokeVoidAsync("download", "checks.csv", reference);
    }

    private void SetAllTypes(bool on)
    {
        _types.Clear();
        if (on)
        {
            _types.UnionWith(CheckPlan.CheckableTypes.Select(t => t.Mnemonic()));
        }
    }

    private static void Toggle(HashSet<string> set, string value, bool on)
    {
        if (on)
        {
            set.Add(value);
        }
        else
        {
            set.Remove(value);
        }
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Summary(CheckTable table)
    {
        var parts = new List<string>();
        foreach (var comparison in new[] { CheckComparison.Matches, CheckComparison.Stale, CheckComparison.Missing, CheckComparison.Extra, CheckComparison.Unknown })
        {
            if (table.Count(comparison) is > 0 and var n)
            {
                parts.Add($"{n} {CheckWords.Comparison(comparison)}");
            }
        }
        if (table.Count(CheckOutcome.Timeout) is > 0 and var timeouts)
        {
            parts.Add($"{timeouts} timeout(s)");
        }
        return string.Join(" · ", parts);
    }

    private async Task<IJSObjectReference> ModuleAsync() =>
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Features/Checks/ChecksPage.razor.js");

    public async ValueTask DisposeAsync()
    {
        _run?.Cancel();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }
    }
}
