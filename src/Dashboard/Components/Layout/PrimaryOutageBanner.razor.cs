using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Dashboard.Components.Layout;

/// <summary>
/// On every console page: says plainly that the primary database is unreachable (from <see cref="PrimaryAvailability"/>,
/// fed by the region monitor and by any check that failed), and whether this circuit's sign-in is being kept without a
/// check. Disappears by itself when the primary answers again.
/// </summary>
public sealed partial class PrimaryOutageBanner : ComponentBase, IDisposable
{
    private PrimaryState _state = PrimaryState.Reachable;
    private IDisposable? _subscription;

    [Inject] public required PrimaryAvailability Primary { get; init; }
    [Inject] public required IOptions<DashboardOptions> Options { get; init; }
    [Inject] public required AuthenticationStateProvider Authentication { get; init; }

    /// <summary>The circuit's revalidating provider; absent where another provider is registered (tests).</summary>
    private RevalidatingActorStateProvider? Session => Authentication as RevalidatingActorStateProvider;

    private string PrimaryName => Options.Value.Regions.FirstOrDefault(r => r.Role == RegionRole.Primary)?.Name ?? "primary";

    private bool Visible => !_state.IsReachable || Session?.SignedInUntil is not null;

    protected override void OnInitialized()
    {
        // Subscribe first, then read: a change in between is not lost.
        _subscription = Primary.Subscribe(_ => OnChanged());
        if (Session is { } session)
        {
            session.Changed += OnChanged;
        }
        _state = Primary.Current;
    }

    private void OnChanged() => _ = InvokeAsync(() =>
    {
        _state = Primary.Current;
        StateHasChanged();
    });

    private static string Clock(DateTimeOffset? at) => at is { } value ? $"{value.UtcDateTime:HH:mm:ss} UTC" : "a moment ago";

    public void Dispose()
    {
        _subscription?.Dispose();
        if (Session is { } session)
        {
            session.Changed -= OnChanged;
        }
    }
}
