using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Regions;

public partial class RegionsPage : IDisposable
{
    private IDisposable? _subscription;
    private bool _checking;

    [Inject] public required RegionStatusStore Store { get; init; }
    [Inject] public required RegionMonitor Monitor { get; init; }

    private IReadOnlyList<RegionStatus> Regions => Store.Current;
    private DateTimeOffset? LastUpdated => Store.LastUpdated;

    protected override void OnInitialized() =>
        _subscription = Store.Subscribe(() => _ = InvokeAsync(StateHasChanged));

    private async Task CheckNowAsync()
    {
        _checking = true;
        try
        {
            await Monitor.ProbeAllAsync(CancellationToken.None);
        }
        finally
        {
            _checking = false;
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
