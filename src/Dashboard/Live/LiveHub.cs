using System.Runtime.CompilerServices;
using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.Checks;
using Dashboard.Features.Lag;
using Dashboard.Features.Regions;
using Dashboard.Features.Routing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Live;

/// <summary>
/// The live hub at <see cref="LiveHubPaths.Hub"/>: for subscribers outside the server's process (the WebAssembly
/// wallboard, scripts). Connecting needs a signed-in user allowed to read; each method then demands its own
/// permission through the same services the pages use, with the caller's roles read fresh from the database. A
/// connection whose sign-in ends is closed (<see cref="HubSessions"/>).
/// </summary>
[Authorize(Policy = nameof(Permission.ReadAll))]
public sealed class LiveHub(
    RegionChecks checks,
    ActorResolver actors,
    HubSessions sessions,
    LagStore lag,
    AlertStore alerts,
    ILagHistory history,
    IAlertCommands alertCommands,
    ResolutionChecks resolutionChecks,
    RoutingQueries routingQueries,
    RoutingCommands routingCommands,
    IOptions<DashboardOptions> options) : Hub<ILiveHubClient>, ILiveHubServer
{
    public override async Task OnConnectedAsync()
    {
        // Watch first, then check: a revocation between the two is either heard or seen by the check.
        if (Context.User is { } user && actors.UserIdOf(user) is { } userId)
        {
            sessions.Track(Context, userId);
        }
        try
        {
            await ActorAsync();
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync when OnConnectedAsync throws.
            sessions.Forget(Context.ConnectionId);
            throw;
        }
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<IReadOnlyList<RegionStatusDto>> GetRegions()
    {
        var actor = await ActorAsync();
        return Guard(() => checks.Current(actor)).Select(LiveMapping.ToDto).ToList();
    }

    public async Task<IReadOnlyList<RegionStatusDto>> CheckRegionsNow()
    {
        var actor = await ActorAsync();
        var statuses = await GuardAsync(() => checks.CheckNowAsync(actor, Context.ConnectionAborted));
        return statuses.Select(LiveMapping.ToDto).ToList();
    }

    public async Task<LagOverviewDto> GetLag()
    {
        var actor = await ActorAsync();
        Guard(() => { actor.Demand(Permission.ReadAll); return true; });
        var lagOptions = options.Value.Lag;
        var thresholds = options.Value.Regions
            .Where(r => r.Role == RegionRole.Replica)
            .Select(r => (r.Name, Thresholds: lagOptions.For(r.Name)))
            .Select(r => new LagThresholdsDto(r.Name, r.Thresholds.Warning.TotalMilliseconds, r.Thresholds.Critical.TotalMilliseconds))
            .ToList();
        return new LagOverviewDto(lag.Current.Latest, alerts.Current, thresholds, (int)lagOptions.SampleInterval.TotalMilliseconds);
    }

    public async Task<IReadOnlyList<LagSeriesDto>> GetLagHistory(int minutes)
    {
        var actor = await ActorAsync();
        Guard(() => { actor.Demand(Permission.ReadAll); return true; });
        if (minutes is < LagHistoryLimits.MinMinutes or > LagHistoryLimits.MaxMinutes)
        {
            throw new HubException($"minutes must be between {LagHistoryLimits.MinMinutes} and {LagHistoryLimits.MaxMinutes}, not {minutes}.");
        }
        return history.Recent(TimeSpan.FromMinutes(minutes));
    }

    public async Task<AlertDto> AcknowledgeAlert(long alertId, string note)
    {
        var actor = await ActorAsync();
        return await GuardAsync(() => alertCommands.AcknowledgeAsync(actor, alertId, note, Context.ConnectionAborted));
    }

    public async IAsyncEnumerable<CheckEventDto> RunCheck(CheckRequestDto request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await ActorAsync();
        Guard(() => { actor.Demand(Permission.RunChecks); return true; });
        if (request?.Names is null || request.Types is null)
        {
            throw new HubException("A check needs names and types.");
        }
        var validation = resolutionChecks.Validate(request.Names, request.Types, request.Regions ?? []);
        if (validation.Plan is not { } plan)
        {
            throw new HubException("Nothing was checked: " + string.Join(" ", validation.Errors.Take(20)) + (validation.Errors.Count > 20 ? $" (and {validation.Errors.Count - 20} more)" : ""));
        }
        await foreach (var item in resolutionChecks.RunAsync(actor, plan, cancellationToken))
        {
            yield return LiveMapping.ToDto(item);
        }
    }

    public async Task<RoutingDto> GetRouting()
    {
        var actor = await ActorAsync();
        return LiveMapping.ToDto(await GuardAsync(() => routingQueries.LoadAsync(actor, Context.ConnectionAborted)));
    }

    public async Task<RoutingChangeDto> SetRotation(string entryName, string setIdentifier, bool inRotation, string reason)
    {
        var actor = await ActorAsync();
        // Refused for a role that may not change routing before anything is read.
        Guard(() => { actor.Demand(Permission.EditRouting); return true; });
        RoutingResult result;
        if (inRotation)
        {
            result = await GuardAsync(() => routingCommands.PutBackAsync(actor, entryName ?? "", setIdentifier ?? "", reason, Context.ConnectionAborted));
        }
        else
        {
            result = await GuardAsync(() => routingCommands.TakeOutAsync(actor, entryName ?? "", setIdentifier ?? "", reason, Context.ConnectionAborted));
        }
        return result switch
        {
            RoutingResult.Sent sent => LiveMapping.ToDto(sent.Change),
            RoutingResult.Invalid invalid => throw new HubException("Nothing was sent: " + string.Join(" ", invalid.Errors)),
            RoutingResult.Refused refused => throw new HubException(refused.Message),
            RoutingResult.Unknown unknown => throw new HubException(unknown.Message),
            _ => throw new HubException("Nothing was sent."),
        };
    }

    private async Task<Actor> ActorAsync()
    {
        Actor? actor;
        try
        {
            actor = await actors.ResolveAsync(Context.User, Context.ConnectionAborted);
        }
        catch (PrimaryUnavailableException ex)
        {
            throw new HubException(ex.Message);
        }
        if (actor is null)
        {
            // The sign-in ended since the connection opened: this connection ends with it.
            sessions.Close(Context, "a call found its sign-in ended");
            throw new HubException("Not signed in: the account is disabled, gone, or its sign-in was revoked.");
        }
        return actor;
    }

    // Only HubException messages reach the client; a refusal or an invalid request must say why.
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (IsForTheCaller(ex))
        {
            throw new HubException(ex.Message);
        }
    }

    private static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (IsForTheCaller(ex))
        {
            throw new HubException(ex.Message);
        }
    }

    /// <summary>Refusals, invalid arguments (an empty note, an unknown alert) and outages are told to the caller in words.</summary>
    private static bool IsForTheCaller(Exception ex) =>
        ex is AccessDeniedException or AlertCommandException or ArgumentException or KeyNotFoundException
            or PrimaryUnavailableException or CommitInDoubtException or RoutingNotConfiguredException or Route53.Route53Exception;
}
