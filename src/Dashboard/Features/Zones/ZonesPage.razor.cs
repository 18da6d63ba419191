using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

public partial class ZonesPage
{
    private IReadOnlyList<ZoneSummary>? _zones;
    private bool _canEdit;
    private Actor _actor = null!;

    [Inject] public required ZoneQueries Queries { get; init; }
    [Inject] public required ZoneAdmin Admin { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // Hiding the buttons is a courtesy: ZoneCommands demands EditDns itself.
        _actor = await CurrentActor.GetAsync();
        _canEdit = _actor.Can(Permission.EditDns);
        await LoadAsync();
    }

    /// <summary>Reloads the list (after a zone is created or deleted, or on Refresh).</summary>
    public async Task LoadAsync() => _zones = await Queries.ListAsync(_actor);

    private async Task CreateZoneAsync()
    {
        if (await Admin.CreateZoneAsync())
        {
            await LoadAsync();
        }
    }

    private async Task DeleteZoneAsync(string zone)
    {
        if (await Admin.DeleteZoneAsync(zone))
        {
            await LoadAsync();
        }
    }

    private static Color TierColor(ZoneSummary zone) => zone.Tier switch
    {
        Configuration.ZoneTier.Pro => Color.Primary,
        Configuration.ZoneTier.Free => Color.Default,
        _ => Color.Warning,
    };
}
