using Dashboard.Client.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace Dashboard.Client.Wallboard;

/// <summary>
/// The on-call wallboard, running in the browser (WebAssembly). It holds one connection to the live hub (same-origin
/// cookie), which reconnects forever (<see cref="ForeverRetryPolicy"/>); when the connection closes for good (a reconnect
/// that failed in a way SignalR does not retry) it starts a new one itself, in a loop. After every (re)connect it asks
/// for the regions, the lag overview and the last 5 minutes of history, then applies the pushes. All state lives in
/// one bounded <see cref="WallboardModel"/>. Disposing it stops the loop and the connection.
/// </summary>
public sealed partial class Wallboard : IAsyncDisposable
{
    private const int HistoryMinutes = 5;

    private readonly WallboardModel _model = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly TimeProvider _time = TimeProvider.System;
    private HubConnection? _connection;
    private LiveHubClient? _client;
    private TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _now;

    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ILogger<Wallboard> Logger { get; init; }

    protected override void OnInitialized()
    {
        _now = _time.GetUtcNow();
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(Navigation.BaseUri), LiveHubPaths.Hub.TrimStart('/')))
            .WithAutomaticReconnect(new ForeverRetryPolicy())
            .Build();
        _client = new LiveHubClient(_connection);
        _client.OnRegionsChanged(regions => ApplyAsync(m => m.ApplyRegions(regions)));
        _client.OnLagSampled(samples => ApplyAsync(m => m.ApplySamples(samples)));
        _client.OnAlertsChanged(alerts => ApplyAsync(m => m.ApplyAlerts(alerts)));
        _connection.Reconnecting += error => ApplyAsync(m => m.Disconnected(_time.GetUtcNow(), Describe(error)));
        _connection.Reconnected += _ => RefillAsync();
        _connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        _ = RunAsync(_disposed.Token);
        _ = TickAsync(_disposed.Token);
    }

    /// <summary>Connects, and connects again whenever the connection closes for good, until disposed.</summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                _closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
                await _connection!.StartAsync(cancellationToken);
                attempt = 0;
                await RefillAsync();
                var error = await _closed.Task.WaitAsync(cancellationToken);
                await ApplyAsync(m => m.Disconnected(_time.GetUtcNow(), Describe(error)));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ForeverRetryPolicy.IsSignInOver(ex))
            {
                // Signed out, disabled, or no longer allowed to read: a full load lets the server send us to sign in.
                Navigation.NavigateTo(Navigation.Uri, forceLoad: true);
                return;
            }
            catch (Exception ex)
            {
                Logger.LogWarning("Live hub connect failed: {Error}", ex.Message);
                await ApplyAsync(m => m.Disconnected(_time.GetUtcNow(), Describe(ex)));
            }
            try
            {
                await Task.Delay(ForeverRetryPolicy.Delay(attempt++), _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>After a (re)connect: what the wallboard missed. Pushes that arrive meanwhile merge (the rings ignore repeats).</summary>
    private async Task RefillAsync()
    {
        try
        {
            var regions = await _client!.GetRegions();
            var overview = await _client.GetLag();
            IReadOnlyList<LagSeriesDto> history = [];
            try
            {
                history = await _client.GetLagHistory(HistoryMinutes);
            }
            catch (HubException ex)
            {
                // The charts then fill from the pushes alone (e.g. a server without the lag history).
                Logger.LogWarning("Lag history not available: {Error}", ex.Message);
            }
            await ApplyAsync(m =>
            {
                m.ApplyRegions(regions);
                m.ApplyHistory(history);
                m.ApplyOverview(overview);
                m.Connected(_time.GetUtcNow());
            });
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or IOException)
        {
            // The connection is up (pushes will come) but the snapshot failed; the banner says why until the next one.
            Logger.LogWarning("Refilling the wallboard failed: {Error}", ex.Message);
            await ApplyAsync(m => m.Disconnected(_time.GetUtcNow(), ex.Message));
        }
    }

    /// <summary>Once a second: ages ("12 s ago") and the charts' right edge move on even without a push.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await ApplyAsync(_ => { });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task ApplyAsync(Action<WallboardModel> change) =>
        _disposed.IsCancellationRequested ? Task.CompletedTask : InvokeAsync(() =>
        {
            change(_model);
            _now = _time.GetUtcNow();
            StateHasChanged();
        });

    private static string? Describe(Exception? error) => error?.Message;

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        _client?.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _disposed.Dispose();
    }
}
