using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Client.Live;

/// <summary>
/// Typed client of the live hub for the wallboard and for tools. The caller owns the <see cref="HubConnection"/> it
/// passes in (building it with credentials, starting and disposing it); disposing this only drops the handlers.
/// </summary>
public sealed class LiveHubClient(HubConnection connection) : ILiveHubServer, IDisposable
{
    private readonly List<IDisposable> _handlers = [];

    public Task<IReadOnlyList<RegionStatusDto>> GetRegions() =>
        connection.InvokeAsync<IReadOnlyList<RegionStatusDto>>(nameof(ILiveHubServer.GetRegions));

    public Task<IReadOnlyList<RegionStatusDto>> CheckRegionsNow() =>
        connection.InvokeAsync<IReadOnlyList<RegionStatusDto>>(nameof(ILiveHubServer.CheckRegionsNow));

    public Task<LagOverviewDto> GetLag() =>
        connection.InvokeAsync<LagOverviewDto>(nameof(ILiveHubServer.GetLag));

    public Task<IReadOnlyList<LagSeriesDto>> GetLagHistory(int minutes) =>
        connection.InvokeAsync<IReadOnlyList<LagSeriesDto>>(nameof(ILiveHubServer.GetLagHistory), minutes);

    public Task<AlertDto> AcknowledgeAlert(long alertId, string note) =>
        connection.InvokeAsync<AlertDto>(nameof(ILiveHubServer.AcknowledgeAlert), alertId, note);

    public IAsyncEnumerable<CheckEventDto> RunCheck(CheckRequestDto request, CancellationToken cancellationToken) =>
        connection.StreamAsync<CheckEventDto>(nameof(ILiveHubServer.RunCheck), request, cancellationToken);

    public Task<RoutingDto> GetRouting() =>
        connection.InvokeAsync<RoutingDto>(nameof(ILiveHubServer.GetRouting));

    public Task<RoutingChangeDto> SetRotation(string entryName, string setIdentifier, bool inRotation, string reason) =>
        connection.InvokeAsync<RoutingChangeDto>(nameof(ILiveHubServer.SetRotation), entryName, setIdentifier, inRotation, reason);

    public void OnLagSampled(Func<IReadOnlyList<LagSampleDto>, Task> handler) =>
        _handlers.Add(connection.On(nameof(ILiveHubClient.LagSampled), handler));

    public void OnAlertsChanged(Func<IReadOnlyList<AlertDto>, Task> handler) =>
        _handlers.Add(connection.On(nameof(ILiveHubClient.AlertsChanged), handler));

    public void OnRegionsChanged(Func<IReadOnlyList<RegionStatusDto>, Task> handler) =>
        _handlers.Add(connection.On(nameof(ILiveHubClient.RegionsChanged), handler));

    public void Dispose()
    {
        foreach (var handler in _handlers)
        {
            handler.Dispose();
        }
        _handlers.Clear();
    }
}
