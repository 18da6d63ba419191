using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

public partial class ZonesPage
{
    private IReadOnlyList<ZoneSummary>? _zones;

    [Inject] public required ZoneQueries Queries { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    /// <summary>Reloads the list (after a zone is created or deleted, or on Refresh).</summary>
    public async Task LoadAsync() => _zones = await Queries.ListAsync();

    private static Color TierColor(ZoneSummary zone) => zone.Tier switch
    {
        Configuration.ZoneTier.Pro => Color.Primary,
        Configuration.ZoneTier.Free => Color.Default,
        _ => Color.Warning,
    };
}
