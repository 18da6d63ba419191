using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Regions;

public partial class RegionsPage : IDisposable
{
    private IDisposable? _subscription;
    private bool _checking;
    private bool _canRunChecks;

    [Inject] public required RegionStatusStore Store { get; init; }
    [Inject] public required RegionChecks Checks { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }

    private IReadOnlyList<RegionStatus> Regions => Store.Current;
    private DateTimeOffset? LastUpdated => Store.LastUpdated;

    protected override async Task OnInitializedAsync()
    {
        _subscription = Store.Subscribe(() => _ = InvokeAsync(StateHasChanged));
        _canRunChecks = (await CurrentActor.GetAsync()).Can(Permission.RunChecks);
    }

    private async Task CheckNowAsync()
    {
        _checking = true;
        try
        {
            await Checks.CheckNowAsync(await CurrentActor.GetAsync(), CancellationToken.None);
        }
        finally
        {
            _checking = false;
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
