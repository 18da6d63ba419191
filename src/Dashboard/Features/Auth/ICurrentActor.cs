namespace Dashboard.Features.Auth;

/// <summary>
/// The signed-in user of this circuit or request, loaded fresh from the database on every call (roles and the
/// disabled flag as they are now). Scoped. Throws <see cref="NotSignedInException"/> when nobody is signed in
/// or the user is disabled or gone, and <see cref="Data.PrimaryUnavailableException"/> when the primary database
/// cannot be reached to check (nothing is known either way; refuse the action with that reason).
/// </summary>
public interface ICurrentActor
{
    Task<Actor> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>No usable signed-in user: anonymous, disabled or deleted. Nothing was done.</summary>
public sealed class NotSignedInException(string reason) : Exception($"Not signed in: {reason}.");
