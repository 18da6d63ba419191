using System.Security.Cryptography;
using Dashboard.Data;
using Dashboard.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>
/// Right after migrations: creates the roles, the first admin (with a generated password printed once when none is
/// configured) and the configured seed users. Existing accounts are never changed, except the password of a seed user
/// marked <see cref="SeedUserOptions.PasswordFromConfiguration"/>.
/// </summary>
public sealed class UserSeeder(
    IServiceScopeFactory scopes,
    Dashboard.Data.RegionDataSources sources,
    IOptions<AuthOptions> options,
    IConfiguration configuration,
    ILogger<UserSeeder> logger) : ISchemaSeeder
{
    /// <summary>pg_advisory_lock key: "seedusr" in ASCII. Instances starting together seed one after the other.</summary>
    public const long LockKey = 0x73656564757372;

    public async Task SeedAsync(CancellationToken stoppingToken)
    {
        // Several instances starting at once would each find a role or the first admin missing and each create it (a
        // unique violation for all but one): the seeding is done under a session lock, one instance at a time; the
        // next finds everything there. The lock goes with the session if this one breaks.
        await Dashboard.Data.AdvisoryLock.RunExclusiveAsync(sources.Primary, LockKey, async () =>
        {
            await SeedLockedAsync(stoppingToken);
            return true;
        }, stoppingToken);
    }

    private async Task SeedLockedAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetRequiredService<UserCommands>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        await EnsureAdminAsync(scope.ServiceProvider, commands, stoppingToken);
        foreach (var seed in options.Value.SeedUsers)
        {
            var result = await commands.EnsureUserAsync(Actor.System, seed.UserName, seed.Password, seed.Roles, stoppingToken, seed.PasswordFromConfiguration);
            if (!result.Succeeded)
            {
                logger.LogError("Seed user {UserName} was not created: {Errors}", seed.UserName, string.Join("; ", result.Errors));
            }
        }
    }

    private async Task EnsureAdminAsync(IServiceProvider services, UserCommands commands, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<DashboardUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }

        var admin = options.Value.Admin;
        var configured = admin.Password is { Length: > 0 } ? admin.Password : configuration[AuthOptions.AdminPasswordVariable];
        var password = configured is { Length: > 0 } ? configured : GeneratePassword();
        var result = await commands.EnsureUserAsync(Actor.System, admin.UserName, password, [Roles.Admin], cancellationToken);
        if (!result.Succeeded)
        {
            logger.LogCritical("The first admin '{UserName}' could not be created: {Errors}", admin.UserName, string.Join("; ", result.Errors));
            return;
        }
        if (configured is not { Length: > 0 })
        {
            // Printed once, on the console only: it is never logged to a sink, stored or shown again.
            Console.WriteLine();
            Console.WriteLine($"  First admin account created: {admin.UserName} / {password}");
            Console.WriteLine($"  Store it now; it will not be shown again. (Set {AuthOptions.AdminPasswordVariable} to choose it.)");
            Console.WriteLine();
        }
    }

    internal static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(24, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
    }
}
