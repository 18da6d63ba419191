using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Regions;

public partial class RegionsPage : IDisposable
{
    private IDisposable? _subscription;
    private bool _checking;
    private bool _canRunChecks;
    private Actor? _actor;

    [Inject] public required RegionStatusStore Store { get; init; }
    [Inject] public required RegionChecks Checks { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }

    // Through RegionChecks, which demands ReadAll: the page's policy is the courtesy, this is the rule.
    private IReadOnlyList<RegionStatus> Regions => _actor is { } actor && MayRead ? Checks.Current(actor) : [];

    /// <summary>The page's policy keeps others out; this keeps the page from asking for what it would be refused.</summary>
    private bool MayRead => _actor?.Can(Permission.ReadAll) == true;
    private DateTimeOffset? LastUpdated => Store.Current.UpdatedAt;

    protected override async Task OnInitializedAsync()
    {
        _subscription = Store.Subscribe(_ => InvokeAsync(StateHasChanged));
        _actor = await CurrentActor.GetAsync();
        // A probe shows every region's status: RunChecks alone (Abuse, for resolution checks) is not enough (RegionChecks).
        _canRunChecks = _actor.Can(Permission.ReadAll) && _actor.Can(Permission.RunChecks);
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
