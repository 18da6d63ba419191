using Dashboard.Client.Live;
using Dashboard.Features.Auth;
using Dashboard.Features.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Live;

/// <summary>
/// The live hub at <see cref="LiveHubPaths.Hub"/>: for subscribers outside the server's process (the WebAssembly
/// wallboard, scripts). Connecting needs a signed-in user allowed to read; each method then demands its own
/// permission through the same services the pages use, with the caller's roles read fresh from the database.
/// </summary>
[Authorize(Policy = nameof(Permission.ReadAll))]
public sealed class LiveHub(RegionChecks checks, ActorResolver actors) : Hub<ILiveHubClient>, ILiveHubServer
{
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

    private async Task<Actor> ActorAsync() =>
        await actors.ResolveAsync(Context.User, Context.ConnectionAborted)
        ?? throw new HubException("Not signed in: the account is disabled, gone, or its sign-in was revoked.");

    // Only HubException messages reach the client; an access refusal must say why.
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (AccessDeniedException ex)
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
        catch (AccessDeniedException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
