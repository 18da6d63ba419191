using Dashboard.Configuration;
using Dashboard.Features.Auth;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>
/// What the Zones page calls to create or delete a zone (scoped: one per circuit): opens the dialog, runs the command
/// with the signed-in actor and says what happened. Returns true when the zone list changed, so the page reloads.
/// </summary>
public sealed class ZoneAdmin(IDialogService dialogs, ZoneCommands commands, ICurrentActor currentActor, ISnackbar snackbar, ILogger<ZoneAdmin> logger)
{
    public async Task<bool> CreateZoneAsync()
    {
        var created = false;
        var parameters = new DialogParameters<CreateZoneDialog>
        {
            { d => d.TryCreate, async draft =>
                {
                    var result = await RunAsync("creating the zone", "the zone", draft.Name, actor => commands.CreateZoneAsync(actor, draft.Name, draft.Tier, CancellationToken.None));
                    created = result is ZoneCommandResult.Done;
                    return await DescribeAsync(result);
                }
            },
        };
        var dialog = await dialogs.ShowAsync<CreateZoneDialog>("Create a zone", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        await dialog.Result;
        return created;
    }

    public async Task<bool> DeleteZoneAsync(string zone)
    {
        var parameters = new DialogParameters<DeleteZoneDialog> { { d => d.Zone, zone } };
        var dialog = await dialogs.ShowAsync<DeleteZoneDialog>($"Delete {zone}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: string typed })
        {
            return false;
        }
        var result = await RunAsync("deleting the zone", "its deletion", zone, actor => commands.DeleteZoneAsync(actor, zone, typed, CancellationToken.None));
        if (await DescribeAsync(result) is { } error)
        {
            snackbar.Add(error, Severity.Error);
            return false;
        }
        snackbar.Add($"Deleted {zone}.", Severity.Success);
        return true;
    }

    /// <summary>Runs the command as the signed-in actor; a failure comes back as a refusal that says what was and was not written.</summary>
    private async Task<ZoneCommandResult> RunAsync(string name, string what, string zone, Func<Actor, Task<ZoneCommandResult>> command)
    {
        try
        {
            return await command(await currentActor.GetAsync());
        }
        catch (Exception ex)
        {
            return new ZoneCommandResult.Invalid([CommandFailure.Describe(ex, name, what, kept: null, "Try again once it is back.", logger, zone)]);
        }
    }

    /// <summary>
    /// Null when done; otherwise the refusal in words. A done command's toast waits for its run to settle: the zone list
    /// shows a zone once every region answers it (or is said not to, within the timeout).
    /// </summary>
    private async Task<string?> DescribeAsync(ZoneCommandResult result)
    {
        switch (result)
        {
            case ZoneCommandResult.Done done:
                var notVisible = (await done.Propagation.Settled).Verdicts.Where(p => !p.Visible).ToList();
                snackbar.Add(notVisible.Count == 0
                    ? $"{done.Zone}: done, answering in every region."
                    : $"{done.Zone}: done, but not yet confirmed in {string.Join(", ", notVisible.Select(p => $"{p.Region} ({p.Error})"))}.",
                    notVisible.Count == 0 ? Severity.Success : Severity.Warning);
                return null;
            case ZoneCommandResult.Invalid invalid:
                return string.Join(" ", invalid.Errors);
            case ZoneCommandResult.NotFound notFound:
                return $"The zone {notFound.Zone} does not exist.";
            default:
                return "Unexpected result.";
        }
    }
}

/// <summary>What the create dialog returns: the zone's name as typed and its tier.</summary>
public sealed record CreateZoneDraft(string Name, ZoneTier Tier);
