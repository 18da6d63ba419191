using System.Globalization;
using Dashboard.Client.Live;
using Dashboard.Components.Shared;
using Dashboard.Configuration;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Dashboard.Features.Lag;

/// <summary>Every lag alert, newest first, paged on the server; the filter lives in the URL. OnCall and Admin acknowledge here.</summary>
public partial class AlertHistoryPage
{
    private static readonly IReadOnlyList<string> SeverityNames = Enum.GetNames<AlertSeverity>().Select(n => n.ToLowerInvariant()).ToList();

    private MudTable<AlertDto>? _table;
    private AlertFilter _filter = new();
    private IReadOnlyList<string> _ignored = [];
    private string? _region;
    private string? _severity;
    private DateTime? _fromDate;
    private DateTime? _toDate;
    private bool _canAcknowledge;
    private string? _denied;

    [Inject] public required IAlertQueries Queries { get; init; }
    [Inject] public required IAlertCommands Commands { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IOptions<DashboardOptions> Options { get; init; }

    [SupplyParameterFromQuery(Name = DashboardUrls.LagAlertsQuery.Region)] public string? Region { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.LagAlertsQuery.Severity)] public string? SeverityParameter { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.LagAlertsQuery.From)] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.LagAlertsQuery.To)] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = DashboardUrls.LagAlertsQuery.Open)] public string? Open { get; set; }

    private IReadOnlyList<string> Replicas => Options.Value.Regions.Where(r => r.Role == RegionRole.Replica).Select(r => r.Name).ToList();

    protected override async Task OnInitializedAsync()
    {
        var actor = await CurrentActor.GetAsync();
        _canAcknowledge = actor.Can(Permission.AcknowledgeAlerts);
        if (!actor.Can(Permission.ReadAll))
        {
            _denied = new AccessDeniedException(actor, Permission.ReadAll).Message;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        // A crafted value is dropped and named, never sent to the database.
        var reader = new QueryReader();
        _region = reader.OneOf(DashboardUrls.LagAlertsQuery.Region, Region, Replicas);
        _severity = reader.OneOf(DashboardUrls.LagAlertsQuery.Severity, SeverityParameter, SeverityNames);
        _fromDate = reader.Date(DashboardUrls.LagAlertsQuery.From, From);
        _toDate = reader.Date(DashboardUrls.LagAlertsQuery.To, To);
        var open = reader.OneOf(DashboardUrls.LagAlertsQuery.Open, Open, ["true"]) is not null;
        _ignored = reader.Ignored;
        _filter = new AlertFilter(
            _region,
            _severity is null ? null : Enum.Parse<AlertSeverity>(_severity, ignoreCase: true),
            _fromDate is { } from ? new DateTimeOffset(from, TimeSpan.Zero) : null,
            _toDate is { } to ? new DateTimeOffset(to.AddDays(1), TimeSpan.Zero) : null,
            open);
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    private async Task<TableData<AlertDto>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Queries.PageAsync(await CurrentActor.GetAsync(cancellationToken), _filter, state.Page, state.PageSize, cancellationToken);
        return new TableData<AlertDto> { Items = page.Alerts, TotalItems = page.TotalCount };
    }

    private async Task AcknowledgeAsync(AlertDto alert)
    {
        var parameters = new DialogParameters<AcknowledgeAlertDialog>
        {
            { d => d.Alert, alert },
            { d => d.Submit, note => SubmitAsync(alert, note) },
        };
        var dialog = await Dialogs.ShowAsync<AcknowledgeAlertDialog>($"Acknowledge alert {alert.Id}", parameters);
        var result = await dialog.Result;
        if (result is { Canceled: false } && _table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    /// <summary>The dialog's submit: null when acknowledged, else the reason it was refused (nothing was written).</summary>
    private async Task<string?> SubmitAsync(AlertDto alert, string note)
    {
        try
        {
            await Commands.AcknowledgeAsync(await CurrentActor.GetAsync(), alert.Id, note, CancellationToken.None);
            return null;
        }
        catch (Exception ex) when (ex is AlertCommandException or AccessDeniedException)
        {
            return ex.Message;
        }
    }

    private void Apply(string? region = null, string? severity = null, DateTime? from = null, DateTime? to = null, bool setFrom = false, bool setTo = false, bool? openOnly = null) =>
        // Each value not given keeps the URL's; an empty one (a cleared field) is dropped from the URL.
        Navigation.NavigateTo(DashboardUrls.LagAlertsUrl(
            region ?? _region,
            severity ?? _severity,
            setFrom ? (from is { } f ? DashboardUrls.AuditDate(f) : null) : _fromDate is { } fd ? DashboardUrls.AuditDate(fd) : null,
            setTo ? (to is { } t ? DashboardUrls.AuditDate(t) : null) : _toDate is { } td ? DashboardUrls.AuditDate(td) : null,
            openOnly ?? _filter.OpenOnly));

    private static Color SeverityColor(AlertSeverity severity) => severity == AlertSeverity.Critical ? Color.Error : Color.Warning;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Duration(AlertDto alert)
    {
        if (alert.ClosedAt is not { } closed)
        {
            return "ongoing";
        }
        var span = closed - alert.OpenedAt;
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
            : $"{Math.Max(0, span.TotalSeconds):0} s";
    }
}
